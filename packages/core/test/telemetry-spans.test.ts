import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@duraflows/core";
import { SpanStatusCode } from "@opentelemetry/api";
import { type OtelHarness, registerOtel, spanTree } from "@duraflows/test-support/otel";
import { createFixture, recordingGuard } from "./support/runtime-fixture.js";

const order: WorkflowDefinition = {
  name: "order",
  initialState: "new",
  states: {
    new: {
      events: {
        Pay: {
          targetState: "paid",
          errorState: "declined",
          commands: [{ name: "charge" }, { name: "receipt" }],
        },
        Cancel: { guard: { name: "cancellable" }, targetState: "cancelled" },
      },
    },
    paid: { onEnter: { commands: [{ name: "notify" }], targetState: "fulfilled" } },
    fulfilled: {},
    declined: {},
    cancelled: {},
  },
};

const ok = { execute: () => ({ ok: true }) };

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

function byName(name: string) {
  const span = otel.spans.getFinishedSpans().find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no span ${name}`);
  return span;
}

describe("spans", () => {
  it("a transition with two commands and an onEnter hop yields this exact span tree", async () => {
    const { runtime } = createFixture({
      definitions: [order],
      commands: { charge: ok, receipt: { execute: () => ({ ok: true, code: "SENT" }) }, notify: ok },
      guards: { cancellable: recordingGuard(true) },
    });
    const instance = await runtime.createInstance({ workflowName: "order" });
    otel.spans.reset();
    await runtime.getHandle(instance.uuid).triggerEvent("Pay");
    expect(spanTree(otel.spans.getFinishedSpans())).toEqual([
      "duraflows.trigger order.Pay",
      "  duraflows.command charge",
      "  duraflows.command receipt",
      "  duraflows.onEnter order.paid",
      "    duraflows.command notify",
    ]);
    const trigger = byName("duraflows.trigger order.Pay");
    expect(trigger.attributes).toMatchObject({
      "duraflows.workflow.name": "order",
      "duraflows.workflow.definition_version": 1,
      "duraflows.instance.uuid": instance.uuid,
      "duraflows.event": "Pay",
      "duraflows.state.from": "new",
      "duraflows.state.to": "fulfilled",
      "duraflows.outcome": "success",
    });
    expect(trigger.status.code).toBe(SpanStatusCode.UNSET);
    expect(byName("duraflows.command receipt").attributes).toMatchObject({
      "duraflows.command.name": "receipt",
      "duraflows.command.ok": true,
      "duraflows.command.code": "SENT",
      "duraflows.outcome": "success",
    });
    expect(byName("duraflows.onEnter order.paid").attributes).toMatchObject({
      "duraflows.state.from": "paid",
      "duraflows.state.to": "fulfilled",
      "duraflows.outcome": "success",
    });
    const history = await runtime.getHistory(instance.uuid);
    const traceId = trigger.spanContext().traceId;
    expect(history.slice(0, 2).map((row) => row.triggerMetadata?.["duraflows.traceId"])).toEqual([
      traceId,
      traceId,
    ]);
  });

  it("createInstance has its own span", async () => {
    const { runtime } = createFixture({
      definitions: [order],
      guards: { cancellable: recordingGuard(true) },
    });
    const instance = await runtime.createInstance({ workflowName: "order" });
    expect(spanTree(otel.spans.getFinishedSpans())).toEqual(["duraflows.create order"]);
    expect(byName("duraflows.create order").attributes).toMatchObject({
      "duraflows.instance.uuid": instance.uuid,
      "duraflows.state.to": "new",
    });
  });

  it("a business failure marks the command span ERROR with its code; a throw is recorded as an exception", async () => {
    const { runtime } = createFixture({
      definitions: [order],
      commands: { charge: { execute: () => ({ ok: false, code: "DECLINED", message: "card declined" }) } },
      guards: { cancellable: recordingGuard(true) },
    });
    const instance = await runtime.createInstance({ workflowName: "order" });
    otel.spans.reset();
    const result = await runtime.getHandle(instance.uuid).triggerEvent("Pay");
    expect(result.outcome).toBe("failure");
    expect(spanTree(otel.spans.getFinishedSpans())).toEqual([
      "duraflows.trigger order.Pay",
      "  duraflows.command charge",
    ]);
    const command = byName("duraflows.command charge");
    expect(command.attributes).toMatchObject({
      "duraflows.command.ok": false,
      "duraflows.command.code": "DECLINED",
      "duraflows.outcome": "failure",
    });
    expect(command.status).toEqual({ code: SpanStatusCode.ERROR, message: "card declined" });
    expect(byName("duraflows.trigger order.Pay").attributes["duraflows.state.to"]).toBe("declined");

    const thrower = createFixture({
      definitions: [order],
      commands: {
        charge: {
          execute: () => {
            throw new Error("gateway down");
          },
        },
      },
      guards: { cancellable: recordingGuard(true) },
    });
    const other = await thrower.runtime.createInstance({ workflowName: "order" });
    otel.spans.reset();
    await expect(thrower.runtime.getHandle(other.uuid).triggerEvent("Pay")).rejects.toThrow("gateway down");
    for (const name of ["duraflows.command charge", "duraflows.trigger order.Pay"]) {
      const span = byName(name);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes["duraflows.outcome"]).toBe("error");
      expect(span.events.map((event) => event.attributes?.["exception.message"])).toEqual(["gateway down"]);
    }
  });

  it("a guard rejection has a guard span and outcome guard-rejected", async () => {
    const { runtime } = createFixture({
      definitions: [order],
      guards: { cancellable: recordingGuard(false) },
    });
    const instance = await runtime.createInstance({ workflowName: "order" });
    otel.spans.reset();
    await runtime.getHandle(instance.uuid).triggerEvent("Cancel");
    expect(spanTree(otel.spans.getFinishedSpans())).toEqual([
      "duraflows.trigger order.Cancel",
      "  duraflows.guard cancellable",
    ]);
    expect(byName("duraflows.guard cancellable").attributes).toMatchObject({
      "duraflows.guard.name": "cancellable",
      "duraflows.guard.passed": false,
    });
    expect(byName("duraflows.trigger order.Cancel").attributes).toMatchObject({
      "duraflows.outcome": "guard-rejected",
      "duraflows.state.to": "new",
    });
  });

  it("an idempotent replay is marked on the trigger span", async () => {
    const { runtime } = createFixture({
      definitions: [order],
      commands: { charge: ok, receipt: ok, notify: ok },
      guards: { cancellable: recordingGuard(true) },
      persistence: { idempotency: true },
    });
    const instance = await runtime.createInstance({ workflowName: "order" });
    await runtime.triggerEvent({
      workflowInstanceUuid: instance.uuid,
      eventName: "Pay",
      idempotencyKey: "k",
    });
    otel.spans.reset();
    await runtime.triggerEvent({
      workflowInstanceUuid: instance.uuid,
      eventName: "Pay",
      idempotencyKey: "k",
    });
    expect(spanTree(otel.spans.getFinishedSpans())).toEqual(["duraflows.trigger order.Pay"]);
    expect(byName("duraflows.trigger order.Pay").attributes["duraflows.idempotency.replay"]).toBe(true);
  });
});
