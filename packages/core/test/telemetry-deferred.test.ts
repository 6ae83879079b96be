import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TRACE_CONTEXT_METADATA_KEY, type WorkflowDefinition } from "@duraflows/core";
import { context, trace } from "@opentelemetry/api";
import { type OtelHarness, registerOtel, spanTree } from "@duraflows/test-support/otel";
import { createFixture } from "./support/runtime-fixture.js";

const HOUR = 3_600_000;

const ticket: WorkflowDefinition = {
  name: "ticket",
  initialState: "open",
  states: {
    open: {
      events: {
        Expire: { targetState: "expired", commands: [{ name: "expire" }], timeout: { afterHours: 1 } },
        Hold: { targetState: "held" },
        Escalate: { targetState: "escalated" },
      },
    },
    held: { events: { Lapse: { targetState: "lapsed", timeout: { afterHours: 1 } } } },
    escalated: {
      events: {
        Remind: { targetState: "reminded", commands: [{ name: "expire" }], timeout: { afterHours: 1 } },
      },
    },
    expired: {},
    lapsed: {},
    reminded: {},
  },
};

let otel: OtelHarness;
beforeAll(() => {
  otel = registerOtel();
});
afterAll(async () => {
  await otel.shutdown();
});
beforeEach(() => {
  otel.spans.reset();
});

function setup(deferredTrace?: "link" | "parent") {
  return createFixture({
    definitions: [ticket],
    commands: { expire: { execute: () => ({ ok: true }) } },
    runtime: deferredTrace ? { telemetry: { deferredTrace } } : {},
  });
}

/** Runs `fn` inside a span standing for the caller's request; returns its span context. */
async function inRequest(fn: () => Promise<unknown>) {
  const request = trace.getTracer("test").startSpan("POST /tickets");
  await context.with(trace.setSpan(context.active(), request), fn);
  request.end();
  return request.spanContext();
}

function finished(name: string) {
  const span = otel.spans.getFinishedSpans().find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no span ${name} in ${otel.spans.getFinishedSpans().map((s) => s.name)}`);
  return span;
}

describe("trace context on history rows", () => {
  it("every row carries the trace context of the span that wrote it", async () => {
    const { runtime } = setup();
    let uuid = "";
    const request = await inRequest(async () => {
      uuid = (await runtime.createInstance({ workflowName: "ticket" })).uuid;
      await runtime.getHandle(uuid).triggerEvent("Hold");
    });
    const hold = finished("duraflows.trigger ticket.Hold").spanContext();
    const create = finished("duraflows.create ticket").spanContext();
    const [row] = await runtime.getHistory(uuid);
    expect(row.triggerMetadata).toEqual({
      [TRACE_CONTEXT_METADATA_KEY]: { traceparent: `00-${request.traceId}-${hold.spanId}-01` },
      "duraflows.traceId": request.traceId,
    });
    // Creation writes no history row: the write-once metadata keeps the span that armed the first timeout.
    const instance = await runtime.getInstance(uuid);
    expect(instance?.metadata).toEqual({
      [TRACE_CONTEXT_METADATA_KEY]: { traceparent: `00-${request.traceId}-${create.spanId}-01` },
    });
  });
});

describe("a timeout fired by the sweep", () => {
  it("links to the span that armed it at creation, in a trace of its own", async () => {
    const { runtime, clock } = setup();
    const request = await inRequest(() => runtime.createInstance({ workflowName: "ticket" }));
    const armedBy = finished("duraflows.create ticket").spanContext();
    clock.advance(2 * HOUR);
    otel.spans.reset();
    expect((await runtime.processExpiredWorkflows()).processed).toBe(1);
    const timeout = finished("duraflows.timeout ticket.Expire");
    const sweep = finished("duraflows.timeout.sweep");
    expect(timeout.spanContext().traceId).toBe(sweep.spanContext().traceId);
    expect(timeout.spanContext().traceId).not.toBe(request.traceId);
    expect(timeout.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([
      [request.traceId, armedBy.spanId],
    ]);
  });

  it('with deferredTrace: "parent" runs as a child of the span that armed it in a transition', async () => {
    const { runtime, clock } = setup("parent");
    const parcel = await runtime.createInstance({ workflowName: "ticket" });
    const request = await inRequest(() => runtime.getHandle(parcel.uuid).triggerEvent("Escalate"));
    const armedBy = finished("duraflows.trigger ticket.Escalate").spanContext();
    clock.advance(2 * HOUR);
    otel.spans.reset();
    await runtime.processExpiredWorkflows();
    const timeout = finished("duraflows.timeout ticket.Remind");
    expect(timeout.spanContext().traceId).toBe(request.traceId);
    expect(timeout.parentSpanContext?.spanId).toBe(armedBy.spanId);
    expect(timeout.links).toEqual([]);
  });

  it("a sweep batch has this exact span tree: the batch write, then the per-instance path", async () => {
    const { runtime, clock } = setup();
    await runtime.createInstance({ workflowName: "ticket" });
    const held = await runtime.createInstance({ workflowName: "ticket" });
    await runtime.getHandle(held.uuid).triggerEvent("Hold");
    clock.advance(2 * HOUR);
    otel.spans.reset();
    expect((await runtime.processExpiredWorkflows()).processed).toBe(2);
    expect(spanTree(otel.spans.getFinishedSpans())).toEqual([
      "duraflows.timeout.sweep",
      "  duraflows.timeout.batch",
      "  duraflows.timeout ticket.Expire",
      "    duraflows.command expire",
    ]);
    expect(finished("duraflows.timeout.batch").attributes).toEqual({
      "duraflows.timeout.claimed": 2,
      "duraflows.timeout.batched": 1,
    });
    expect(finished("duraflows.timeout.sweep").attributes).toEqual({
      "duraflows.timeout.processed": 2,
      "duraflows.timeout.rejected": 0,
      "duraflows.timeout.failed": 0,
      "duraflows.timeout.parked": 0,
    });
    // The batch-moved row carries the batch span's context, so the audit row leads to the sweep's trace.
    const [lapse] = await runtime.getHistory(held.uuid, { limit: 1 });
    const batch = finished("duraflows.timeout.batch").spanContext();
    expect(lapse.triggerMetadata?.[TRACE_CONTEXT_METADATA_KEY]).toEqual({
      traceparent: `00-${batch.traceId}-${batch.spanId}-01`,
    });
  });
});
