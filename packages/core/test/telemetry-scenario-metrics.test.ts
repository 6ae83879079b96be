import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@duraflows/core";
import { inMemoryMeters } from "@duraflows/test-support/otel";
import { createFixture } from "./support/runtime-fixture.js";

const HOUR = 3_600_000;

const order: WorkflowDefinition = {
  name: "order",
  initialState: "placed",
  states: {
    placed: {
      events: {
        Pay: { targetState: "paid", commands: [{ name: "charge" }] },
        Cancel: { targetState: "cancelled", timeout: { afterHours: 1 } },
      },
    },
    paid: {},
    cancelled: {},
  },
};

/** A meter provider of its own (not the global one), so only this runtime's instruments are read. */
function meterHarness() {
  const { meterProvider, metricExporter: exporter } = inMemoryMeters();
  /** Every data point as `name{attr=value,…} value` (histograms: their count), sorted. */
  async function points(): Promise<string[]> {
    exporter.reset();
    await meterProvider.forceFlush();
    const [batch] = exporter.getMetrics();
    return batch.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .flatMap((metric) =>
        metric.dataPoints.map((point) => {
          const attributes = Object.entries(point.attributes)
            .map(([key, value]) => `${key.replace("duraflows.", "")}=${String(value)}`)
            .join(",");
          const value = point.value as number | { count: number };
          return `${metric.descriptor.name}{${attributes}} ${typeof value === "number" ? value : value.count}`;
        }),
      )
      .sort();
  }
  return { meterProvider, points };
}

describe("metric values after a scripted scenario", () => {
  it("counters, histograms and the observable gauges read exactly what happened", async () => {
    const { meterProvider, points } = meterHarness();
    const { runtime, clock } = createFixture({
      definitions: [order],
      commands: { charge: { execute: () => ({ ok: true }) } },
      persistence: { durableExecution: true },
      runtime: { telemetry: { meterProvider } },
    });
    // Three orders; one is paid now, one is queued to be paid by a worker, one is left to time out.
    const paid = await runtime.createInstance({ workflowName: "order" });
    const queued = await runtime.createInstance({ workflowName: "order" });
    await runtime.createInstance({ workflowName: "order" });
    await runtime.getHandle(paid.uuid).triggerEvent("Pay");
    await runtime.enqueueEvent({
      workflowInstanceUuid: queued.uuid,
      eventName: "Pay",
      idempotencyKey: "pay-1",
    });
    clock.advance(HOUR + 90_000);

    // Before the sweep and the worker: two overdue timeouts, 90 s late (the queued order's timeout waits for its
    // execution); one pending execution.
    expect(await points()).toEqual([
      "duraflows.command.duration{command.name=charge,outcome=success} 1",
      "duraflows.execution.count{execution.status=cancelled} 0",
      "duraflows.execution.count{execution.status=completed} 0",
      "duraflows.execution.count{execution.status=parked} 0",
      "duraflows.execution.count{execution.status=pending} 1",
      "duraflows.execution.count{execution.status=running} 0",
      "duraflows.queue.depth{queue=execution} 1",
      "duraflows.queue.depth{queue=timeout} 2",
      "duraflows.timeout.lag{} 90",
      "duraflows.transition.duration{workflow.name=order,event=Pay,outcome=success} 1",
      "duraflows.transition.duration{workflow.name=order,event=create,outcome=success} 3",
      "duraflows.transitions{workflow.name=order,event=Pay,outcome=success} 1",
      "duraflows.transitions{workflow.name=order,event=create,outcome=success} 3",
    ]);

    expect((await runtime.processExpiredWorkflows()).processed).toBe(1);
    const pass = await runtime.processPendingExecutions();
    expect(pass.completed).toEqual([expect.any(String)]);

    const after = await points();
    expect(after).toEqual([
      "duraflows.command.duration{command.name=charge,outcome=success} 2",
      "duraflows.execution.claim_to_finish{workflow.name=order,execution.status=completed} 1",
      "duraflows.execution.count{execution.status=cancelled} 0",
      "duraflows.execution.count{execution.status=completed} 1",
      "duraflows.execution.count{execution.status=parked} 0",
      "duraflows.execution.count{execution.status=pending} 0",
      "duraflows.execution.count{execution.status=running} 0",
      "duraflows.executions{workflow.name=order,execution.status=completed} 1",
      "duraflows.queue.depth{queue=execution} 0",
      "duraflows.queue.depth{queue=timeout} 0",
      "duraflows.timeout.lag{} 0",
      "duraflows.timeouts{workflow.name=order,timeout.result=fired} 1",
      // The worker's Pay and the batch-moved Cancel are counted; their time is not a transition duration.
      "duraflows.transition.duration{workflow.name=order,event=Pay,outcome=success} 1",
      "duraflows.transition.duration{workflow.name=order,event=create,outcome=success} 3",
      "duraflows.transitions{workflow.name=order,event=Cancel,outcome=success} 1",
      "duraflows.transitions{workflow.name=order,event=Pay,outcome=success} 2",
      "duraflows.transitions{workflow.name=order,event=create,outcome=success} 3",
    ]);
    // No uuid reaches a metric attribute.
    expect(after.join("\n")).not.toMatch(/uuid|[0-9a-f]{8}-[0-9a-f]{4}-/);
    await meterProvider.shutdown();
  });
});
