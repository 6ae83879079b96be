import { TRACE_CONTEXT_METADATA_KEY, type WorkflowDefinition } from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

const parcel: WorkflowDefinition = {
  name: "pg-telemetry-parcel",
  initialState: "new",
  states: {
    new: { events: { Ship: { targetState: "shipped", commands: [{ name: "label" }] } } },
    shipped: {},
  },
};

describe("trace context across a queued event on @duraflows/pg", () => {
  let env: PgTestSchema;
  const spans = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });

  beforeAll(async () => {
    env = await createPgTestSchema("pg-telemetry-link", "duraflows_pg_it");
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    await env.drop();
  });

  it("stores the enqueuing trace context and links the worker's step span to it", async () => {
    const clock = new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));
    const commands = { label: { execute: () => ({ ok: true }) } };
    const api = createPgRuntime(env.pool, {
      definitions: [parcel],
      commands,
      clock,
      providers: { durableExecution: true },
    });
    const workerPool = env.createPool();
    const worker = createPgRuntime(workerPool, {
      definitions: [parcel],
      commands,
      clock,
      providers: { durableExecution: true },
    });
    try {
      const instance = await api.runtime.createInstance({ workflowName: parcel.name });
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
      spans.reset();

      // Later, another runtime on its own pool (as a worker process would) runs the queued event.
      for (let pass = 0; pass < 3; pass++) await worker.runtime.processPendingExecutions();
      expect((await worker.runtime.getInstance(instance.uuid))?.currentState).toBe("shipped");
      const steps = spans
        .getFinishedSpans()
        .filter((span) => span.name.startsWith("duraflows.execution.step"));
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        expect(step.name).toBe(`duraflows.execution.step ${parcel.name}.Ship`);
        expect(step.spanContext().traceId).not.toBe(traceId);
        expect(step.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([
          [traceId, spanId],
        ]);
      }
      const [row] = await worker.runtime.getHistory(instance.uuid, { limit: 1 });
      expect(row.triggerMetadata?.["duraflows.traceId"]).toBe(steps[steps.length - 1].spanContext().traceId);
    } finally {
      await workerPool.end();
    }
  });
});
