import { afterEach, describe, expect, it, vi } from "vitest";
import {
  IncompatibleDefinitionError,
  WorkflowDefinitionError,
  WorkflowError,
  WorkflowRuntime,
  computeDefinitionHash,
  type WorkflowDefinition,
  type WorkflowExecutionStore,
} from "@duraflows/core";
import { createInMemoryPersistence, type InMemoryPersistence } from "@duraflows/core/testing";
import { createFixture, recordingCommand } from "./support/runtime-fixture.js";

const v1: WorkflowDefinition = {
  name: "doc",
  version: 1,
  initialState: "draft",
  states: {
    draft: { events: { Submit: { targetState: "review", commands: [{ name: "notify" }] } } },
    review: { events: { Approve: { targetState: "approved", guard: { name: "isEditor" } } } },
    approved: { onEnter: { commands: [{ name: "publish" }] } },
  },
};

const v2: WorkflowDefinition = {
  name: "doc",
  version: 2,
  initialState: "draft",
  states: {
    draft: { events: { Submit: { targetState: "checking" } } },
    checking: { events: { Approve: { targetState: "approved" } } },
    approved: {},
  },
};

afterEach(() => {
  vi.restoreAllMocks();
});

function runtimeOn(
  persistence: InMemoryPersistence,
  definition: WorkflowDefinition,
  extra: Parameters<typeof createFixture>[0] = {},
) {
  const fixture = createFixture({ definitions: [definition], ...extra });
  const runtime = new WorkflowRuntime({ ...fixture.options, ...persistence, ...extra.runtime });
  return { ...fixture, runtime };
}

const allV1 = {
  commands: { notify: recordingCommand(), publish: recordingCommand() },
  guards: { isEditor: { name: "e", evaluate: () => true } },
};

describe("initialize", () => {
  it("syncs every registered definition into the definition store", async () => {
    const { runtime, persistence } = createFixture({ definitions: [v1], ...allV1 });
    await runtime.initialize();
    const [row] = await persistence.definitionStore!.listVersions("doc");
    expect(row).toMatchObject({ workflowName: "doc", version: 1, contentHash: computeDefinitionHash(v1) });
  });

  it("refuses changed content under an unchanged version, and is retried after a failure", async () => {
    const persistence = createInMemoryPersistence();
    await runtimeOn(persistence, v1, allV1).runtime.initialize();
    const changed: WorkflowDefinition = { ...v1, states: { ...v1.states, extra: {} } };
    const { runtime } = runtimeOn(persistence, changed, allV1);
    const error = await runtime.initialize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect((error as Error).message).toBe(
      `Workflow "doc": Definition content changed but version 1 was not bumped (stored ${computeDefinitionHash(v1)}, registered ${computeDefinitionHash(changed)}). Bump the definition's "version" field to publish the change.`,
    );
    await expect(runtime.createInstance({ workflowName: "doc" })).rejects.toThrow("was not bumped");
  });

  it("fails on stored versions with active instances whose commands or guards are unregistered", async () => {
    const persistence = createInMemoryPersistence();
    const old = runtimeOn(persistence, v1, allV1).runtime;
    await old.createInstance({ workflowName: "doc" });
    const two = await old.createInstance({ workflowName: "doc" });
    await old.triggerEvent({ workflowInstanceUuid: two.uuid, eventName: "Submit" });
    const { runtime } = runtimeOn(persistence, v2, { guards: null });
    const error = await runtime.initialize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect((error as Error).message).toBe(
      'Workflow "doc": version 1 (2 active instances) references unregistered commands [notify, publish], guards [isEditor]. Register the missing commands and guards, set versionPolicy: "latest" on the workflow, or set onUnresolvable: "warn".',
    );
  });

  it('warns instead with onUnresolvable "warn" and reports invalid stored versions, singular count', async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const persistence = createInMemoryPersistence();
    const broken = { ...v1, initialState: "missing" } as WorkflowDefinition;
    await persistence.definitionStore!.ensure({
      workflowName: "doc",
      version: 1,
      contentHash: computeDefinitionHash(broken),
      definitionJson: broken,
    });
    const { runtime } = runtimeOn(persistence, v2, { runtime: { onUnresolvable: "warn" } });
    await persistence.transactionRunner.runInTransaction(() =>
      persistence.instanceStore.create({
        uuid: "11111111-1111-4111-8111-111111111111",
        workflowName: "doc",
        currentState: "draft",
        version: 0,
        definitionVersion: 1,
        expiresAt: null,
        timeoutRetry: null,
        lastTransitionAt: new Date(0),
        context: {},
        metadata: {},
        createdAt: new Date(0),
        updatedAt: new Date(0),
      }),
    );
    await runtime.initialize();
    expect(warn).toHaveBeenCalledWith(
      '[duraflows] Workflow "doc": version 1 (1 active instance) references unregistered commands [notify, publish], guards [isEditor] and is invalid: Initial state "missing" does not exist in states',
    );
  });

  it("ignores versions whose instances all rest in terminal states (no events, even with an onEnter)", async () => {
    const persistence = createInMemoryPersistence();
    const old = runtimeOn(persistence, v1, allV1).runtime;
    const done = await old.createInstance({ workflowName: "doc" });
    await old.triggerEvent({ workflowInstanceUuid: done.uuid, eventName: "Submit" });
    await old.triggerEvent({ workflowInstanceUuid: done.uuid, eventName: "Approve" });
    expect((await old.getInstance(done.uuid))?.currentState).toBe("approved");
    const { runtime } = runtimeOn(persistence, v2, { guards: null });
    await expect(runtime.initialize()).resolves.toBeUndefined();
    expect(await runtime.listDefinitionVersions("doc")).toMatchObject([
      { version: 1, activeInstances: 0 },
      { version: 2, activeInstances: 0 },
    ]);
  });

  it("skips workflows using versionPolicy latest", async () => {
    const persistence = createInMemoryPersistence();
    const old = runtimeOn(persistence, v1, allV1).runtime;
    await old.createInstance({ workflowName: "doc" });
    const { runtime } = runtimeOn(persistence, { ...v2, versionPolicy: "latest" }, { guards: null });
    await expect(runtime.initialize()).resolves.toBeUndefined();
  });

  it("shares one in-flight initialization between concurrent callers", async () => {
    const { runtime, persistence } = createFixture({ definitions: [v1], ...allV1 });
    const ensure = vi.spyOn(persistence.definitionStore!, "ensure");
    await Promise.all([runtime.initialize(), runtime.initialize(), runtime.initialize()]);
    await runtime.initialize();
    expect(ensure).toHaveBeenCalledTimes(1);
  });
});

describe("pinning and resolution", () => {
  it("pinned instances keep running their version after a newer one is registered", async () => {
    const persistence = createInMemoryPersistence();
    const old = runtimeOn(persistence, v1, allV1).runtime;
    const pinned = await old.createInstance({ workflowName: "doc" });
    const { runtime } = runtimeOn(persistence, v2, allV1);
    const result = await runtime.triggerEvent({ workflowInstanceUuid: pinned.uuid, eventName: "Submit" });
    expect(result.toState).toBe("review");
    expect((await runtime.getInstance(pinned.uuid))?.definitionVersion).toBe(1);
    expect(
      (await runtime.getAvailableEvents({ workflowInstanceUuid: pinned.uuid })).map((e) => e.eventName),
    ).toEqual(["Approve"]);
    const [row] = await runtime.getHistory(pinned.uuid);
    expect(row.definitionVersion).toBe(1);
    const fresh = await runtime.createInstance({ workflowName: "doc" });
    expect(fresh.definitionVersion).toBe(2);
    expect(
      (await runtime.triggerEvent({ workflowInstanceUuid: fresh.uuid, eventName: "Submit" })).toState,
    ).toBe("checking");
  });

  it("versionPolicy latest adopts the latest definition and stamps it; a missing state is incompatible", async () => {
    const persistence = createInMemoryPersistence();
    const old = runtimeOn(persistence, v1, allV1).runtime;
    const inDraft = await old.createInstance({ workflowName: "doc" });
    const inReview = await old.createInstance({ workflowName: "doc" });
    await old.triggerEvent({ workflowInstanceUuid: inReview.uuid, eventName: "Submit" });
    const { runtime } = runtimeOn(persistence, { ...v2, versionPolicy: "latest" }, { guards: null });
    await runtime.triggerEvent({ workflowInstanceUuid: inDraft.uuid, eventName: "Submit" });
    expect(await runtime.getInstance(inDraft.uuid)).toMatchObject({
      currentState: "checking",
      definitionVersion: 2,
    });
    const error = await runtime
      .triggerEvent({ workflowInstanceUuid: inReview.uuid, eventName: "Approve" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompatibleDefinitionError);
    expect((error as Error).message).toBe(
      `Instance "${inReview.uuid}" is in state "review", which version 2 of workflow "doc" does not define`,
    );
  });

  it("legacy (unstamped) instances run the latest definition and get stamped on their next transition", async () => {
    const { runtime, persistence } = createFixture({ definitions: [v2] });
    const legacy = await runtime.createInstance({ workflowName: "doc" });
    await persistence.transactionRunner.runInTransaction(() =>
      persistence.instanceStore.update({ ...legacy, version: 1, definitionVersion: null }),
    );
    await runtime.triggerEvent({ workflowInstanceUuid: legacy.uuid, eventName: "Submit" });
    expect((await runtime.getInstance(legacy.uuid))?.definitionVersion).toBe(2);
  });

  it("fails clearly when the pinned version is missing from the store or invalid there", async () => {
    const { runtime, persistence } = createFixture({ definitions: [v2] });
    const instance = await runtime.createInstance({ workflowName: "doc" });
    await persistence.transactionRunner.runInTransaction(() =>
      persistence.instanceStore.update({ ...instance, version: 1, definitionVersion: 7 }),
    );
    await expect(runtime.getAvailableEvents({ workflowInstanceUuid: instance.uuid })).rejects.toThrow(
      new WorkflowDefinitionError(
        "doc",
        `instance ${instance.uuid} is pinned to version 7, which is not in the definition store`,
      ),
    );
    const invalid = { ...v1, version: 7, initialState: "nowhere" } as WorkflowDefinition;
    await persistence.definitionStore!.ensure({
      workflowName: "doc",
      version: 7,
      contentHash: "sha256:x",
      definitionJson: invalid,
    });
    await expect(runtime.getAvailableEvents({ workflowInstanceUuid: instance.uuid })).rejects.toThrow(
      'Workflow "doc": stored version 7 is invalid: Initial state "nowhere" does not exist in states',
    );
  });

  it("without a definition store, pinning is inactive and a warning is logged once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { runtime } = createFixture({ definitions: [v2], persistence: { definitions: false } });
    const a = await runtime.createInstance({ workflowName: "doc" });
    await runtime.getAvailableEvents({ workflowInstanceUuid: a.uuid });
    await runtime.triggerEvent({ workflowInstanceUuid: a.uuid, eventName: "Submit" });
    expect(warn.mock.calls).toEqual([
      [
        "[duraflows] definition version pinning is inactive because no definition store is configured; every instance executes the latest registered definition",
      ],
    ]);
    await expect(runtime.listDefinitionVersions("doc")).rejects.toThrow(
      new WorkflowError("listDefinitionVersions requires a definition store"),
    );
  });
});

describe("listDefinitionVersions", () => {
  it("lists stored versions ascending with active (non-terminal) instance counts", async () => {
    const persistence = createInMemoryPersistence();
    const old = runtimeOn(persistence, v1, allV1).runtime;
    await old.createInstance({ workflowName: "doc" });
    const { runtime } = runtimeOn(persistence, v2, allV1);
    const b = await runtime.createInstance({ workflowName: "doc" });
    await runtime.createInstance({ workflowName: "doc" });
    await runtime.triggerEvent({ workflowInstanceUuid: b.uuid, eventName: "Submit" });
    await runtime.triggerEvent({ workflowInstanceUuid: b.uuid, eventName: "Approve" });
    const versions = await runtime.listDefinitionVersions("doc");
    expect(
      versions.map(({ version, activeInstances, contentHash }) => ({
        version,
        activeInstances,
        contentHash,
      })),
    ).toEqual([
      { version: 1, activeInstances: 1, contentHash: computeDefinitionHash(v1) },
      { version: 2, activeInstances: 1, contentHash: computeDefinitionHash(v2) },
    ]);
    expect(versions[0].registeredAt).toBeInstanceOf(Date);
    expect(await runtime.listDefinitionVersions("unknown")).toEqual([]);
  });

  it("with an execution store, requires and uses countInstancesUsingDefinition", async () => {
    const persistence = createInMemoryPersistence({ durableExecution: true });
    const { runtime } = runtimeOn(persistence, v2);
    await runtime.createInstance({ workflowName: "doc" });
    expect((await runtime.listDefinitionVersions("doc"))[0].activeInstances).toBe(1);

    const partial: WorkflowExecutionStore = {
      create: async () => undefined,
      update: async () => undefined,
      findByUuid: async () => null,
      findByKey: async () => null,
      findActive: async () => null,
      findDue: async () => [],
    };
    const limited = runtimeOn(persistence, v2, { runtime: { executionStore: partial } }).runtime;
    await expect(limited.listDefinitionVersions("doc")).rejects.toThrow(
      new WorkflowError(
        "Durable version inspection requires WorkflowExecutionStore.countInstancesUsingDefinition; implement it to count queued definition snapshots safely",
      ),
    );
    await expect(limited.initialize()).rejects.toThrow("countInstancesUsingDefinition");
  });
});
