import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TRACE_CONTEXT_METADATA_KEY } from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import { type OtelTracing, registerOtelTracing } from "@duraflows/test-support/otel";
import { context, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";
import { PARCEL, PARCEL_COMMANDS, PARCEL_NOW } from "../support/telemetry-parcel.js";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** What the worker process reports (see test/workers/telemetry-worker.ts). */
interface WorkerReport {
  pid: number;
  state: string | undefined;
  row: Record<string, unknown> | undefined;
  spans: {
    name: string;
    traceId: string;
    spanId: string;
    parentSpanId: string | undefined;
    links: { traceId: string; spanId: string }[];
  }[];
}

/** Runs the worker in a process of its own (tsx, workspace packages mapped to their sources). */
function runWorker(url: string, schema: string, instanceUuid: string): Promise<WorkerReport> {
  const child = fork(here("../workers/telemetry-worker.ts"), [url, schema, instanceUuid], {
    execArgv: ["--import", "tsx"],
    // Without the runner's environment: the testing entry would otherwise look for a running vitest.
    env: { PATH: process.env["PATH"] ?? "", TSX_TSCONFIG_PATH: here("../../tsconfig.workers.json") },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let report: WorkerReport | undefined;
    child.on("message", (message) => (report = message as WorkerReport));
    child.on("error", reject);
    child.on("exit", (code) =>
      report && code === 0 ? resolve(report) : reject(new Error(`the worker exited with code ${code}`)),
    );
  });
}

describe("trace context across a queued event on @duraflows/pg, worker in another process", () => {
  let env: PgTestSchema;
  let otel: OtelTracing;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-telemetry-link", "duraflows_pg_it");
    otel = registerOtelTracing();
  });
  afterAll(async () => {
    await otel.shutdown();
    await env.drop();
  });

  it("stores the enqueuing trace context; the worker's step span links to it", async () => {
    const api = createPgRuntime(env.pool, {
      definitions: [PARCEL],
      commands: PARCEL_COMMANDS,
      clock: new SimulatedClock(PARCEL_NOW),
      providers: { durableExecution: true },
    });
    const instance = await api.runtime.createInstance({ workflowName: PARCEL.name });
    const request = trace.getTracer("test").startSpan("POST /parcels/ship");
    const execution = await context.with(trace.setSpan(context.active(), request), () =>
      api.runtime.enqueueEvent({
        workflowInstanceUuid: instance.uuid,
        eventName: "Ship",
        idempotencyKey: "ship-1",
        triggerMetadata: { user: "u1" },
      }),
    );
    request.end();
    const { traceId, spanId } = request.spanContext();
    expect(execution.triggerMetadata).toEqual({
      user: "u1",
      [TRACE_CONTEXT_METADATA_KEY]: { traceparent: `00-${traceId}-${spanId}-01` },
    });

    const report = await runWorker(env.db.url, env.schema, instance.uuid);
    expect(report.pid).not.toBe(process.pid);
    expect(report.state).toBe("shipped");
    const steps = report.spans.filter((span) => span.name.startsWith("duraflows.execution.step"));
    // One step runs the command and, its checkpoint being the last, finishes the event.
    expect(steps.map((step) => step.name)).toEqual([`duraflows.execution.step ${PARCEL.name}.Ship`]);
    for (const step of steps) {
      expect(step.traceId).not.toBe(traceId);
      expect(step.links).toEqual([{ traceId, spanId }]);
    }
    // The command ran under the step, in the worker's trace.
    const command = report.spans.find((span) => span.name === "duraflows.command label");
    expect(command?.parentSpanId).toBe(steps[0].spanId);
    // The history row leads to the worker's trace (which links to the request).
    const finishing = steps[steps.length - 1];
    expect(report.row).toEqual({
      user: "u1",
      "duraflows.traceId": finishing.traceId,
      [TRACE_CONTEXT_METADATA_KEY]: { traceparent: `00-${finishing.traceId}-${finishing.spanId}-01` },
    });
  });
});
