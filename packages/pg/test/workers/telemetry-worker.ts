// A worker process of its own: registers an OpenTelemetry SDK with an in-memory exporter, runs the pending
// durable executions of the schema it is given, and sends the finished spans and the newest history row of
// the instance back to the test over IPC. Usage: telemetry-worker.ts <database url> <schema> <instance uuid>.
import { SimulatedClock } from "@duraflows/core/testing";
import { registerOtelTracing } from "@duraflows/test-support/otel";
import pg from "pg";
import { createPgRuntime } from "../support/pg-runtime.js";
import { PARCEL, PARCEL_COMMANDS, PARCEL_NOW } from "../support/telemetry-parcel.js";

const [url, schema, instanceUuid] = process.argv.slice(2);
const { spans, shutdown } = registerOtelTracing();

const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
try {
  const worker = createPgRuntime(pool, {
    definitions: [PARCEL],
    commands: PARCEL_COMMANDS,
    clock: new SimulatedClock(PARCEL_NOW),
    providers: { durableExecution: true },
  });
  for (let pass = 0; pass < 3; pass++) await worker.runtime.processPendingExecutions();
  const [row] = await worker.runtime.getHistory(instanceUuid, { limit: 1 });
  const instance = await worker.runtime.getInstance(instanceUuid);
  process.send!({
    pid: process.pid,
    state: instance?.currentState,
    row: row.triggerMetadata,
    spans: spans.getFinishedSpans().map((span) => ({
      name: span.name,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      links: span.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId })),
    })),
  });
} finally {
  await pool.end();
  await shutdown();
}
