import type { WorkflowDefinition, WorkflowHistoryRecord } from "@duraflows/core";
import { expect, it, vi, type MockInstance } from "vitest";
import { historySummary, type ScenarioContext } from "./runtime-scenario-kit.js";

const overridden: WorkflowDefinition = {
  name: "scenario-overrides",
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        Go: { targetState: "step", commands: [{ name: "work" }] },
        Expire: { targetState: "expired", timeout: { afterMinutes: 5 } },
      },
    },
    step: { onEnter: { targetState: "done" } },
    expired: {},
    done: {},
  },
};

const summary = (record: WorkflowHistoryRecord): string =>
  `${record.fromState}-${record.eventName}->${record.toState}`;

/**
 * Stores whose `historyStore.append` / `instanceStore.update` were wrapped or spied on: every history row and
 * every instance write must still go through them, whatever faster paths the stores also offer.
 */
export function registerStoreOverrideScenarios(scenarios: ScenarioContext): void {
  it("a spy on historyStore.append and instanceStore.update sees every row and write of a transition with an onEnter hop", async () => {
    const provider = scenarios.provider();
    const { runtime } = scenarios.build({ definitions: [overridden], commands: ["work"] });
    const created = await runtime.createInstance({ workflowName: "scenario-overrides" });
    const append = vi.spyOn(provider.historyStore, "append");
    // The runtime reuses the instance object between hops: record the state each write was asked for.
    const written: string[] = [];
    const originalUpdate = provider.instanceStore.update;
    const update = vi.spyOn(provider.instanceStore, "update").mockImplementation(function (
      this: unknown,
      instance,
    ) {
      written.push(instance.currentState);
      return originalUpdate.call(this, instance);
    });
    try {
      const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Go" });
      expect(result).toMatchObject({ outcome: "success", toState: "done" });
      const rows = await historySummary(runtime, created.uuid);
      expect(rows).toEqual(["step-onEnter->done", "waiting-Go->step"]);
      expect(append.mock.calls.map(([record]) => summary(record)).sort()).toEqual(rows);
      expect(update).toHaveBeenCalledTimes(2);
      expect(written).toEqual(["step", "done"]);
    } finally {
      append.mockRestore();
      update.mockRestore();
    }
  });

  it("a spy on historyStore.append and a wrapper assigned over instanceStore.update see every row and write of a timeout sweep", async () => {
    const provider = scenarios.provider();
    const { runtime, clock } = scenarios.build({ definitions: [overridden], commands: ["work"] });
    const uuids: string[] = [];
    for (let i = 0; i < 3; i++)
      uuids.push((await runtime.createInstance({ workflowName: "scenario-overrides" })).uuid);
    const instances = provider.instanceStore;
    const updated: string[] = [];
    const originalUpdate = instances.update;
    instances.update = function (instance) {
      updated.push(`${instance.uuid}:${instance.currentState}`);
      return originalUpdate.call(this, instance);
    };
    const append = vi.spyOn(provider.historyStore, "append");
    try {
      clock.advanceMinutes(6);
      expect(await runtime.processExpiredWorkflows()).toMatchObject({ processed: 3, failed: [] });
      expect(
        append.mock.calls.map(([record]) => `${record.workflowInstanceUuid}:${summary(record)}`).sort(),
      ).toEqual(uuids.map((uuid) => `${uuid}:waiting-Expire->expired`).sort());
      expect(updated.sort()).toEqual(uuids.map((uuid) => `${uuid}:expired`).sort());
      for (const uuid of uuids)
        expect(await historySummary(runtime, uuid)).toEqual(["waiting-Expire->expired"]);
    } finally {
      append.mockRestore();
      Reflect.deleteProperty(instances, "update");
    }
  });

  it("without overrides, the stores' own fast paths (when they have them) stay in use", async () => {
    const provider = scenarios.provider();
    const { runtime, clock } = scenarios.build({ definitions: [overridden], commands: ["work"] });
    const history = provider.historyStore;
    const instances = provider.instanceStore;
    // Optional members: spy on them through a plain record view only when the store has them.
    const spyOn = (store: object, name: string): MockInstance | undefined =>
      typeof (store as Record<string, unknown>)[name] === "function"
        ? vi.spyOn(store as Record<string, () => unknown>, name)
        : undefined;
    const paired = spyOn(history, "appendWithInstanceUpdate");
    const appendMany = spyOn(history, "appendMany");
    const updateMany = spyOn(instances, "updateMany");
    const batch = appendMany && updateMany ? [appendMany, updateMany] : [];
    try {
      const created = await runtime.createInstance({ workflowName: "scenario-overrides" });
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Go" });
      if (paired) expect(paired).toHaveBeenCalledTimes(2);
      await runtime.createInstance({ workflowName: "scenario-overrides" });
      clock.advanceMinutes(6);
      expect(await runtime.processExpiredWorkflows()).toMatchObject({ processed: 1 });
      for (const spy of batch) expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      for (const spy of [paired, appendMany, updateMany]) spy?.mockRestore();
    }
  });
}
