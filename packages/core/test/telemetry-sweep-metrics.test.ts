import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@duraflows/core";
import { metrics, trace } from "@opentelemetry/api";
import { metricValue, type OtelHarness, registerOtel, spanTree } from "@duraflows/test-support/otel";
import { createFixture, recordingGuard } from "./support/runtime-fixture.js";

const HOUR = 3_600_000;

const ticket: WorkflowDefinition = {
  name: "ticket",
  initialState: "open",
  states: {
    open: {
      events: {
        Expire: { targetState: "expired", commands: [{ name: "expire" }], timeout: { afterHours: 1 } },
        Hold: { targetState: "held" },
        Close: { guard: { name: "allowed" }, targetState: "closed" },
      },
    },
    held: { events: { Lapse: { targetState: "lapsed", timeout: { afterHours: 1 } } } },
    expired: {},
    lapsed: {},
    closed: {},
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

function setup(expire: () => unknown) {
  return createFixture({
    definitions: [ticket],
    commands: { expire: { execute: expire as never } },
    guards: { allowed: recordingGuard(false) },
    runtime: { timeoutRetry: { maxAttempts: 1 } },
  });
}

describe("timeout sweep spans", () => {
  it("a sweep has one span per due instance, named after its timeout event, under the sweep span", async () => {
    const { runtime, clock } = setup(() => ({ ok: true }));
    const a = await runtime.createInstance({ workflowName: "ticket" });
    const b = await runtime.createInstance({ workflowName: "ticket" });
    await runtime.getHandle(b.uuid).triggerEvent("Hold");
    clock.advance(2 * HOUR);
    otel.spans.reset();
    const result = await runtime.processExpiredWorkflows();
    expect(result.processed).toBe(2);
    const tree = spanTree(otel.spans.getFinishedSpans());
    expect(tree[0]).toBe("duraflows.timeout.sweep");
    expect(tree).toContain("  duraflows.timeout ticket.Expire");
    expect(tree).toContain("    duraflows.command expire");
    const sweep = otel.spans.getFinishedSpans().find((span) => span.name === "duraflows.timeout.sweep")!;
    expect(sweep.attributes).toMatchObject({
      "duraflows.timeout.processed": 2,
      "duraflows.timeout.failed": 0,
    });
    const expire = otel.spans
      .getFinishedSpans()
      .find((span) => span.name === "duraflows.timeout ticket.Expire")!;
    expect(expire.attributes).toMatchObject({
      "duraflows.instance.uuid": a.uuid,
      "duraflows.timeout.result": "fired",
      "duraflows.state.from": "open",
      "duraflows.state.to": "expired",
    });
  });

  it("a failing timeout is recorded with status ERROR and counted as parked", async () => {
    const { runtime, clock } = setup(() => {
      throw new Error("mailer down");
    });
    await runtime.createInstance({ workflowName: "ticket" });
    clock.advance(2 * HOUR);
    otel.spans.reset();
    const before =
      (await metricValue(otel, "duraflows.timeouts", { "duraflows.timeout.result": "parked" })) ?? 0;
    const result = await runtime.processExpiredWorkflows();
    expect(result.parked).toHaveLength(1);
    const span = otel.spans
      .getFinishedSpans()
      .find((candidate) => candidate.name === "duraflows.timeout ticket.Expire")!;
    expect(span.attributes["duraflows.timeout.result"]).toBe("parked");
    expect(span.status.code).toBe(2);
    expect(
      await metricValue(otel, "duraflows.timeouts", {
        "duraflows.workflow.name": "ticket",
        "duraflows.timeout.result": "parked",
      }),
    ).toBe(before + 1);
  });
});

describe("metrics", () => {
  it("counts transitions by workflow, event and outcome, guard rejections and durations, without uuids", async () => {
    const { runtime } = setup(() => ({ ok: true }));
    const instance = await runtime.createInstance({ workflowName: "ticket" });
    const key = {
      "duraflows.workflow.name": "ticket",
      "duraflows.event": "Hold",
      "duraflows.outcome": "success",
    };
    const before = (await metricValue(otel, "duraflows.transitions", key)) ?? 0;
    await runtime.getHandle(instance.uuid).triggerEvent("Hold");
    const other = await runtime.createInstance({ workflowName: "ticket" });
    await runtime.getHandle(other.uuid).triggerEvent("Hold");
    expect(await metricValue(otel, "duraflows.transitions", key)).toBe(before + 2);
    expect(await metricValue(otel, "duraflows.transition.duration", key)).toBe(before + 2);

    const guard = {
      "duraflows.workflow.name": "ticket",
      "duraflows.event": "Close",
      "duraflows.guard.name": "allowed",
    };
    const rejectedBefore = (await metricValue(otel, "duraflows.guard.rejections", guard)) ?? 0;
    await runtime
      .getHandle(other.uuid)
      .triggerEvent("Close")
      .catch(() => undefined);
    const third = await runtime.createInstance({ workflowName: "ticket" });
    await runtime.getHandle(third.uuid).triggerEvent("Close");
    expect(await metricValue(otel, "duraflows.guard.rejections", guard)).toBe(rejectedBefore + 1);
    const command = { "duraflows.command.name": "expire", "duraflows.outcome": "success" };
    const commandsBefore = (await metricValue(otel, "duraflows.command.duration", command)) ?? 0;
    await runtime.getHandle(third.uuid).triggerEvent("Expire");
    expect(await metricValue(otel, "duraflows.command.duration", command)).toBe(commandsBefore + 1);

    await otel.meterProvider.forceFlush();
    const batches = otel.metricExporter.getMetrics();
    const points = batches[batches.length - 1].scopeMetrics.flatMap((scope) =>
      scope.metrics.flatMap((metric) => metric.dataPoints.map((point) => Object.keys(point.attributes))),
    );
    expect(points.flat()).not.toContain("duraflows.instance.uuid");
    expect(points.flat()).not.toContain("duraflows.execution.uuid");
  });
});

describe("telemetry disabled", () => {
  it("with `enabled: false` no span is made and no history row carries a trace id", async () => {
    const { runtime } = createFixture({
      definitions: [ticket],
      commands: { expire: { execute: () => ({ ok: true }) } },
      guards: { allowed: recordingGuard(false) },
      runtime: { telemetry: { enabled: false } },
    });
    const instance = await runtime.createInstance({ workflowName: "ticket" });
    await runtime.getHandle(instance.uuid).triggerEvent("Hold");
    expect(otel.spans.getFinishedSpans()).toEqual([]);
    const history = await runtime.getHistory(instance.uuid);
    expect(history.every((row) => !("duraflows.traceId" in (row.triggerMetadata ?? {})))).toBe(true);
  });

  it("with no SDK registered nothing is recorded and everything works", async () => {
    trace.disable();
    metrics.disable();
    try {
      const { runtime, clock } = setup(() => ({ ok: true }));
      const instance = await runtime.createInstance({ workflowName: "ticket" });
      await runtime.getHandle(instance.uuid).triggerEvent("Hold");
      clock.advance(2 * HOUR);
      expect((await runtime.processExpiredWorkflows()).processed).toBe(1);
      expect((await runtime.getInstance(instance.uuid))?.currentState).toBe("lapsed");
      expect(otel.spans.getFinishedSpans()).toEqual([]);
      const history = await runtime.getHistory(instance.uuid);
      // The Hold row and the Lapse row.
      expect(history.map((row) => row.triggerMetadata?.["duraflows.traceId"])).toEqual([
        undefined,
        undefined,
      ]);
    } finally {
      trace.setGlobalTracerProvider(otel.tracerProvider);
      metrics.setGlobalMeterProvider(otel.meterProvider);
    }
  });
});
