import { CommandFailureError, type WorkflowDefinition } from "@duraflows/core";
import { describe, expect, it } from "vitest";
import { historySummary, type ScenarioContext } from "./runtime-scenario-kit.js";

const order: WorkflowDefinition = {
  name: "scenario-order",
  initialState: "new",
  states: {
    new: {
      context: { paid: false },
      events: {
        Pay: { targetState: "paid", commands: [{ name: "charge" }] },
        Ship: {
          targetState: "shipped",
          errorState: "failed",
          guard: { name: "isPaid" },
          commands: [{ name: "ship" }],
        },
        Count: { commands: [{ name: "count" }] },
        Strict: { targetState: "paid", commands: [{ name: "ship" }] },
      },
    },
    paid: {
      context: { paid: true },
      onEnter: { targetState: "ready", commands: [{ name: "notify" }] },
    },
    ready: {
      events: { Ship: { targetState: "shipped", errorState: "failed", commands: [{ name: "ship" }] } },
    },
    shipped: {},
    failed: {},
  },
};

const COMMANDS = ["charge", "notify", "ship", "count"];

/** Creation, events, onEnter chains, guards, failures, observers and concurrency, end to end. */
export function registerCoreScenarios(scenarios: ScenarioContext): void {
  it("creates an instance, triggers an event and runs the onEnter chain with one history row per step", async () => {
    const { runtime, events } = scenarios.build({ definitions: [order], commands: COMMANDS });
    const created = await runtime.createInstance({
      workflowName: "scenario-order",
      metadata: { customer: "c1" },
    });
    expect(await runtime.getHistory(created.uuid)).toEqual([]);
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Pay" });
    expect(result).toMatchObject({ outcome: "success", fromState: "new", toState: "ready" });
    expect(result.commandResults).toHaveLength(2);
    const instance = await runtime.getInstance(created.uuid);
    expect(instance).toMatchObject({
      currentState: "ready",
      version: 2,
      context: { paid: true },
      metadata: { customer: "c1" },
    });
    expect(await historySummary(runtime, created.uuid)).toEqual(["new-Pay->paid", "paid-onEnter->ready"]);
    expect(events.map((e) => [e.fromState, e.toState, e.triggerEvent])).toEqual([
      [null, "new", null],
      ["new", "paid", "Pay"],
      ["paid", "ready", "onEnter"],
    ]);
  });

  it("gives every history row the uuid that the trigger result reports as historyUuid", async () => {
    const { runtime } = scenarios.build({
      definitions: [order],
      commands: COMMANDS,
      guards: { isPaid: () => false },
    });
    const created = await runtime.createInstance({ workflowName: "scenario-order" });
    const rejected = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Ship" });
    expect((await runtime.getHistory(created.uuid))[0]).toMatchObject({
      uuid: rejected.historyUuid,
      outcome: "guard-rejected",
    });
    const paid = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Pay" });
    // Rows of one transaction may come back in either order, so they are matched by event name.
    const rows = await runtime.getHistory(created.uuid);
    const uuidOf = Object.fromEntries(rows.map((row) => [row.eventName, row.uuid]));
    expect(Object.keys(uuidOf).sort()).toEqual(["Pay", "Ship", "onEnter"]);
    // historyUuid is the last row the trigger appended: the onEnter hop that ended the chain.
    expect(uuidOf.onEnter).toBe(paid.historyUuid);
    expect(uuidOf.Ship).toBe(rejected.historyUuid);
    for (const row of rows) {
      expect(row.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(new Set(rows.map((row) => row.uuid)).size).toBe(3);
  });

  it("records a guard rejection without touching the instance", async () => {
    const { runtime, calls } = scenarios.build({
      definitions: [order],
      commands: COMMANDS,
      guards: { isPaid: () => false },
    });
    const created = await runtime.createInstance({ workflowName: "scenario-order" });
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Ship" });
    expect(result).toMatchObject({ outcome: "guard-rejected", toState: "new", rejectedBy: "isPaid" });
    expect(calls).toEqual([]);
    expect((await runtime.getInstance(created.uuid))?.version).toBe(0);
    const [row] = await runtime.getHistory(created.uuid);
    expect(row).toMatchObject({ outcome: "guard-rejected", rejectedBy: "isPaid", commandResultsJson: [] });
  });

  it("routes a business failure to errorState and rolls back a throwing command or an unrouted failure", async () => {
    const { runtime, behave } = scenarios.build({
      definitions: [order],
      commands: COMMANDS,
      guards: { isPaid: () => true },
    });
    const routed = await runtime.createInstance({ workflowName: "scenario-order" });
    behave("ship", () => ({ ok: false, code: "NO_STOCK", message: "out of stock" }));
    const result = await runtime.triggerEvent({ workflowInstanceUuid: routed.uuid, eventName: "Ship" });
    expect(result).toMatchObject({ outcome: "failure", toState: "failed" });
    expect((await runtime.getHistory(routed.uuid))[0]).toMatchObject({
      outcome: "failure",
      errorMessage: "out of stock",
    });

    const strict = await runtime.createInstance({ workflowName: "scenario-order" });
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: strict.uuid, eventName: "Strict" }),
    ).rejects.toBeInstanceOf(CommandFailureError);
    behave("ship", () => {
      throw new Error("carrier unreachable");
    });
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: strict.uuid, eventName: "Ship" }),
    ).rejects.toThrow("carrier unreachable");
    expect(await runtime.getInstance(strict.uuid)).toMatchObject({ currentState: "new", version: 0 });
    expect(await runtime.getHistory(strict.uuid)).toEqual([]);
  });

  it("delivers observer events only after the outermost commit, never after a rollback", async () => {
    const { runtime, events } = scenarios.build({ definitions: [order], commands: COMMANDS });
    const runner = scenarios.provider().transactionRunner;
    const created = await runtime.createInstance({ workflowName: "scenario-order" });
    events.length = 0;
    await expect(
      runner.runInTransaction(async () => {
        await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Pay" });
        throw new Error("caller rolls back");
      }),
    ).rejects.toThrow("caller rolls back");
    expect(events).toEqual([]);
    expect((await runtime.getInstance(created.uuid))?.currentState).toBe("new");
    let seenInside = -1;
    await runner.runInTransaction(async () => {
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Pay" });
      seenInside = events.length;
    });
    if (runner.afterCommit) expect(seenInside).toBe(0);
    expect(events.map((e) => e.toState)).toEqual(["paid", "ready"]);
  });

  it("serialises 15 racing triggerEvent calls on one instance without losing a context write", async () => {
    const { runtime, behave } = scenarios.build({ definitions: [order], commands: COMMANDS });
    behave("count", async (_subject, ctx) => {
      const seen = (ctx.context.count as number | undefined) ?? 0;
      await new Promise((resolve) => setImmediate(resolve));
      ctx.context.count = seen + 1;
      return { ok: true };
    });
    const created = await runtime.createInstance({ workflowName: "scenario-order" });
    await Promise.all(
      Array.from({ length: 15 }, () =>
        runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Count" }),
      ),
    );
    const instance = await runtime.getInstance(created.uuid);
    expect(instance?.context.count).toBe(15);
    expect(instance?.version).toBe(15);
    expect(await runtime.getHistory(created.uuid, { limit: 100 })).toHaveLength(15);
  });

  describe("handles", () => {
    it("drive an instance through a WorkflowHandle", async () => {
      const { runtime } = scenarios.build({ definitions: [order], commands: COMMANDS });
      const handle = runtime.getHandle(
        (await runtime.createInstance({ workflowName: "scenario-order" })).uuid,
      );
      await handle.triggerEvent("Pay");
      expect((await handle.getAvailableEvents()).map((e) => e.eventName)).toEqual(["Ship"]);
      expect((await handle.getInstance())?.currentState).toBe("ready");
      expect(await handle.getHistory({ limit: 1 })).toHaveLength(1);
    });
  });
}
