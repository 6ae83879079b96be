import { WorkflowDefinitionError, type WorkflowDefinition } from "@duraflows/core";
import { expect, it } from "vitest";
import type { ScenarioContext } from "./runtime-scenario-kit.js";

const v1: WorkflowDefinition = {
  name: "scenario-doc",
  version: 1,
  initialState: "draft",
  states: {
    draft: { events: { Submit: { targetState: "reviewing" } } },
    reviewing: { events: { Approve: { targetState: "approved" } } },
    approved: {},
  },
};

const v2: WorkflowDefinition = {
  name: "scenario-doc",
  version: 2,
  initialState: "draft",
  states: {
    draft: { events: { Submit: { targetState: "inReview" } } },
    inReview: { events: { Approve: { targetState: "approved", commands: [{ name: "publish" }] } } },
    approved: {},
  },
};

/** Definition versions, pinning and migration, end to end (skipped without a definition store). */
export function registerVersioningScenarios(scenarios: ScenarioContext): void {
  const skipReason = "skipped: provider has no definitionStore";

  it("pins instances to their version, guards version bumps and counts active instances (skipped without a definition store)", async (ctx) => {
    if (!scenarios.provider().definitionStore) return ctx.skip(skipReason);
    const old = scenarios.build({ definitions: [v1] }).runtime;
    const pinned = await old.createInstance({ workflowName: "scenario-doc" });
    const changed = { ...v1, states: { ...v1.states, extra: {} } };
    await expect(scenarios.build({ definitions: [changed] }).runtime.initialize()).rejects.toBeInstanceOf(
      WorkflowDefinitionError,
    );
    const { runtime } = scenarios.build({ definitions: [v2], commands: ["publish"] });
    await runtime.triggerEvent({ workflowInstanceUuid: pinned.uuid, eventName: "Submit" });
    expect(await runtime.getInstance(pinned.uuid)).toMatchObject({
      currentState: "reviewing",
      definitionVersion: 1,
    });
    const fresh = await runtime.createInstance({ workflowName: "scenario-doc" });
    await runtime.triggerEvent({ workflowInstanceUuid: fresh.uuid, eventName: "Submit" });
    expect(await runtime.getInstance(fresh.uuid)).toMatchObject({
      currentState: "inReview",
      definitionVersion: 2,
    });
    const versions = await runtime.listDefinitionVersions("scenario-doc");
    expect(versions.map((v) => [v.version, v.activeInstances])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it("migrates instances: the dry run reports exactly what the real run does, with paging (skipped without a definition store)", async (ctx) => {
    if (!scenarios.provider().definitionStore) return ctx.skip(skipReason);
    const old = scenarios.build({ definitions: [v1] }).runtime;
    const uuids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const instance = await old.createInstance({ workflowName: "scenario-doc", metadata: { i } });
      if (i % 2 === 0) await old.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Submit" });
      uuids.push(instance.uuid);
    }
    const { runtime, events } = scenarios.build({ definitions: [v2], commands: ["publish"] });
    const input = {
      workflowName: "scenario-doc",
      fromVersion: 1,
      toVersion: 2,
      stateMapping: { reviewing: "inReview" },
    };
    const canPage = !!scenarios.provider().instanceStore.findInstanceUuids;
    const selection = canPage ? {} : { instanceUuids: uuids };
    const dry = await runtime.migrateInstances({ ...input, ...selection, dryRun: true });
    const real = await runtime.migrateInstances({ ...input, ...selection });
    expect({ ...real, dryRun: true }).toEqual(dry);
    expect(real.migrated).toHaveLength(5);
    expect(events.filter((e) => e.triggerEvent === "$migrated")).toHaveLength(5);
    for (const [i, uuid] of uuids.entries()) {
      const instance = await runtime.getInstance(uuid);
      expect(instance).toMatchObject({ definitionVersion: 2, metadata: { i } });
      expect(instance?.currentState).toBe(i % 2 === 0 ? "inReview" : "draft");
      const [row] = await runtime.getHistory(uuid, { limit: 1 });
      expect(row).toMatchObject({
        eventName: "$migrated",
        triggerMetadata: { source: "migration", fromVersion: 1, toVersion: 2 },
      });
    }
    if (canPage) {
      const back = {
        ...input,
        fromVersion: 2,
        toVersion: 1,
        stateMapping: { inReview: "reviewing" },
        limit: 2,
        dryRun: true,
      };
      const page1 = await runtime.migrateInstances(back);
      const page2 = await runtime.migrateInstances({ ...back, cursor: page1.nextCursor! });
      expect(page1.nextCursor).toBe([...uuids].sort()[1]);
      expect([...page1.migrated, ...page2.migrated].map((m) => m.uuid)).toEqual(
        [...uuids].sort().slice(0, 4),
      );
    }
  });
}
