import { afterEach, describe, expect, it, vi } from "vitest";
import {
  InvalidArgumentError,
  MigrationInterruptedError,
  WorkflowDefinitionError,
  WorkflowError,
  WorkflowRuntime,
  type MigrateInstancesInput,
  type WorkflowDefinitionStore,
  type WorkflowInstance,
} from "@duraflows/core";
import { createInMemoryPersistence, type InMemoryPersistence } from "@duraflows/core/testing";
import { collectingObserver, createFixture, recordingCommand } from "./support/runtime-fixture.js";
import { busyExecutionStore, fulfilmentV1, fulfilmentV2 } from "./support/version-fixtures.js";

const HOUR = 3_600_000;

afterEach(() => {
  vi.restoreAllMocks();
});

async function seed(persistence: InMemoryPersistence, count: number) {
  const old = createFixture({ definitions: [fulfilmentV1], commands: { legacyArchive: recordingCommand() } });
  const runtime = new WorkflowRuntime({ ...old.options, ...persistence });
  const created: WorkflowInstance[] = [];
  for (let i = 0; i < count; i++) {
    const instance = await runtime.createInstance({ workflowName: "fulfilment", metadata: { n: i } });
    if (i % 3 === 1) await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Start" });
    created.push(instance);
  }
  return { old: runtime, created, clock: old.clock };
}

function v2Runtime(persistence: InMemoryPersistence, extra: Parameters<typeof createFixture>[0] = {}) {
  const observer = collectingObserver();
  const fixture = createFixture({
    definitions: [fulfilmentV2],
    commands: { archive: recordingCommand() },
    ...extra,
  });
  const runtime = new WorkflowRuntime({
    ...fixture.options,
    ...persistence,
    observers: [observer],
    ...extra.runtime,
  });
  return { ...fixture, runtime, observer };
}

const base: MigrateInstancesInput = {
  workflowName: "fulfilment",
  fromVersion: 1,
  toVersion: 2,
  stateMapping: { processing: "working" },
};

describe("migrateInstances", () => {
  it("100 instances move from v1 to v2 with a renamed state; dry run equals the real run", async () => {
    const persistence = createInMemoryPersistence();
    const { old, created } = await seed(persistence, 100);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { runtime, observer } = v2Runtime(persistence, { runtime: { onUnresolvable: "warn" } });
    await runtime.initialize();
    // initialize() reports what cannot resolve: v1 instances need a command v2's code no longer registers.
    expect(warn).toHaveBeenCalledWith(
      '[duraflows] Workflow "fulfilment": version 1 (100 active instances) references unregistered commands [legacyArchive]',
    );

    // Pinned v1 instances keep running v1 until migrated.
    const pinned = created[0];
    await runtime.triggerEvent({ workflowInstanceUuid: pinned.uuid, eventName: "Start" });
    expect(await runtime.getInstance(pinned.uuid)).toMatchObject({
      currentState: "processing",
      definitionVersion: 1,
    });

    const dry = await runtime.migrateInstances({ ...base, dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.migrated).toHaveLength(100);
    expect(await runtime.getInstance(pinned.uuid)).toMatchObject({ definitionVersion: 1 });
    observer.events.length = 0;

    const real = await runtime.migrateInstances(base);
    expect({ ...real, dryRun: true }).toEqual(dry);
    expect(real.nextCursor).toBeNull();
    expect(real.warnings).toEqual([]);
    expect(observer.events).toHaveLength(100);
    expect(observer.events.every((e) => e.triggerEvent === "$migrated")).toBe(true);

    for (const [i, instance] of created.entries()) {
      const now = (await runtime.getInstance(instance.uuid))!;
      expect(now.definitionVersion).toBe(2);
      expect(now.metadata).toEqual({ n: i });
      expect(["new", "working"]).toContain(now.currentState);
      const [row] = await runtime.getHistory(instance.uuid, { limit: 1 });
      expect(row).toMatchObject({
        eventName: "$migrated",
        outcome: "success",
        commandResultsJson: [],
        triggerMetadata: { source: "migration", fromVersion: 1, toVersion: 2 },
        definitionVersion: 2,
      });
    }
    const migratedPinned = await runtime.triggerEvent({
      workflowInstanceUuid: pinned.uuid,
      eventName: "Finish",
    });
    expect(migratedPinned.toState).toBe("done");
    await expect(old.getInstance(pinned.uuid)).resolves.toMatchObject({ definitionVersion: 2 });
  });

  it("pages with limit and cursor; nextCursor is the last examined uuid while paging stopped at the limit", async () => {
    const persistence = createInMemoryPersistence();
    const { created } = await seed(persistence, 7);
    const { runtime } = v2Runtime(persistence);
    const sorted = created.map((i) => i.uuid).sort();
    const first = await runtime.migrateInstances({ ...base, limit: 3, dryRun: true });
    expect(first.migrated.map((m) => m.uuid)).toEqual(sorted.slice(0, 3));
    expect(first.nextCursor).toBe(sorted[2]);
    const second = await runtime.migrateInstances({ ...base, limit: 3, cursor: first.nextCursor! });
    expect(second.migrated.map((m) => m.uuid)).toEqual(sorted.slice(3, 6));
    const last = await runtime.migrateInstances({ ...base, limit: 3, cursor: second.nextCursor! });
    expect(last.migrated.map((m) => m.uuid)).toEqual(sorted.slice(6));
    expect(last.nextCursor).toBeNull();
  });

  it("reports every skip reason verbatim and migrates explicit uuids de-duplicated within the limit", async () => {
    const persistence = createInMemoryPersistence();
    const { created, old } = await seed(persistence, 3);
    const waiting = created[2];
    await persistence.transactionRunner.runInTransaction(async () => {
      const row = (await persistence.instanceStore.findByUuid(waiting.uuid))!;
      await persistence.instanceStore.update({ ...row, version: row.version + 1, currentState: "waiting" });
    });
    const other = createFixture({ definitions: [{ name: "other", initialState: "x", states: { x: {} } }] });
    const foreign = await new WorkflowRuntime({ ...other.options, ...persistence }).createInstance({
      workflowName: "other",
    });
    const legacy = await old.createInstance({ workflowName: "fulfilment" });
    const onV3 = await old.createInstance({ workflowName: "fulfilment" });
    const gone = await old.createInstance({ workflowName: "fulfilment" });
    await persistence.transactionRunner.runInTransaction(async () => {
      await persistence.instanceStore.update({ ...legacy, version: 1, definitionVersion: null });
      await persistence.instanceStore.update({ ...onV3, version: 1, definitionVersion: 3 });
      await persistence.instanceStore.update({ ...gone, version: 1, currentState: "gone" });
    });
    const { runtime } = v2Runtime(persistence);
    const input: MigrateInstancesInput = {
      workflowName: "fulfilment",
      fromVersion: 1,
      toVersion: 2,
      instanceUuids: [
        "missing",
        foreign.uuid,
        legacy.uuid,
        onV3.uuid,
        created[1].uuid,
        gone.uuid,
        waiting.uuid,
        created[0].uuid,
        "missing",
      ],
    };
    const result = await runtime.migrateInstances(input);
    expect(result.skipped).toEqual([
      { uuid: "missing", reason: "not found" },
      { uuid: foreign.uuid, reason: "belongs to workflow other" },
      { uuid: legacy.uuid, reason: "unstamped" },
      { uuid: onV3.uuid, reason: "on version 3, not 1" },
      { uuid: created[1].uuid, reason: "state processing has no mapping and does not exist in version 2" },
      { uuid: gone.uuid, reason: "state gone has no mapping and does not exist in version 2" },
      { uuid: waiting.uuid, reason: "state waiting has an onEnter in version 2" },
    ]);
    expect(result.migrated).toEqual([{ uuid: created[0].uuid, fromState: "new", toState: "new" }]);
    const filtered = await runtime.migrateInstances({
      ...base,
      instanceUuids: [created[1].uuid],
      excludeStates: ["processing"],
    });
    expect(filtered.skipped).toEqual([
      { uuid: created[1].uuid, reason: "state processing is excluded by the state filter" },
    ]);
    const onlyNew = await runtime.migrateInstances({
      ...base,
      instanceUuids: [created[1].uuid],
      states: ["new"],
    });
    expect(onlyNew.skipped[0].reason).toBe("state processing is excluded by the state filter");
    const limited = await runtime.migrateInstances({
      ...base,
      dryRun: true,
      instanceUuids: ["a", "a", "b", "c"],
      limit: 2,
    });
    expect(limited.skipped.map((s) => s.uuid)).toEqual(["a", "b"]);
  });

  it("applies transformContext, recomputes the deadline from lastTransitionAt and resets retry state", async () => {
    const persistence = createInMemoryPersistence();
    const { created, clock } = await seed(persistence, 1);
    const [instance] = created;
    await persistence.transactionRunner.runInTransaction(() =>
      persistence.instanceStore.update({
        ...instance,
        version: 1,
        context: { items: [1, 2] },
        timeoutRetry: { attempts: 2, lastError: "x", retryAt: new Date(0), parkedAt: null },
      }),
    );
    const { runtime } = v2Runtime(persistence, { clock });
    clock.advanceHours(5);
    let frozenSeen = false;
    const result = await runtime.migrateInstances({
      ...base,
      stateMapping: { new: "review" },
      transformContext(context, frozen) {
        frozenSeen = Object.isFrozen(frozen) && Object.isFrozen(frozen.context);
        (context.items as number[]).push(3);
        return { ...context, migratedAt: new Date(0), dropped: undefined };
      },
    });
    expect(result.migrated).toEqual([{ uuid: instance.uuid, fromState: "new", toState: "review" }]);
    expect(frozenSeen).toBe(true);
    const after = (await runtime.getInstance(instance.uuid))!;
    expect(after.context).toEqual({ items: [1, 2, 3], migratedAt: "1970-01-01T00:00:00.000Z" });
    expect(after.expiresAt).toEqual(new Date(instance.lastTransitionAt.getTime() + HOUR));
    expect(after.lastTransitionAt).toEqual(instance.lastTransitionAt);
    expect(after.updatedAt).toEqual(clock.now());
    expect(after.timeoutRetry).toBeNull();
    expect(after.version).toBe(2);
  });

  it("reports per-candidate failures and keeps going (transform result, busy instance)", async () => {
    const persistence = createInMemoryPersistence();
    const { created } = await seed(persistence, 3);
    const { runtime } = v2Runtime(persistence, {
      runtime: { executionStore: busyExecutionStore(new Set([created[2].uuid])) },
    });
    const ids = [created[0].uuid, created[2].uuid];
    const result = await runtime.migrateInstances({
      ...base,
      instanceUuids: ids,
      transformContext: () => [] as never,
    });
    expect(result.failed).toEqual([
      { uuid: created[0].uuid, error: "transformContext must return a plain object" },
      { uuid: created[2].uuid, error: `Instance "${created[2].uuid}" has an active durable execution` },
    ]);
    const dry = await runtime.migrateInstances({
      ...base,
      dryRun: true,
      instanceUuids: ids,
      transformContext: () => [] as never,
    });
    expect(dry.failed).toEqual(result.failed);
    const ok = await runtime.migrateInstances({
      ...base,
      instanceUuids: [created[0].uuid],
      transformContext: () => ({ toJSON: () => "scalar" }) as never,
    });
    expect(ok.failed[0].error).toBe("transformContext must return a plain object");
  });

  it("warns about unregistered references of the target version", async () => {
    const persistence = createInMemoryPersistence();
    await seed(persistence, 1);
    const { runtime } = v2Runtime(persistence, { commands: {} });
    const result = await runtime.migrateInstances({ ...base, dryRun: true });
    expect(result.warnings).toEqual(["version 2 references unregistered commands [archive]"]);
  });

  it("runs the upfront checks in order and writes nothing when one fails", async () => {
    const persistence = createInMemoryPersistence();
    await seed(persistence, 1);
    const { runtime } = v2Runtime(persistence);
    const cases: [Partial<MigrateInstancesInput> & Record<string, unknown>, Error][] = [
      [{ fromVersion: 0 }, new InvalidArgumentError("fromVersion must be a positive integer, got 0")],
      [{ toVersion: 1.5 }, new InvalidArgumentError("toVersion must be a positive integer, got 1.5")],
      [{ toVersion: 1 }, new InvalidArgumentError("fromVersion and toVersion must differ")],
      [{ limit: 0 }, new InvalidArgumentError("limit must be a positive integer, got 0")],
      [{ states: [] }, new InvalidArgumentError("states must not be empty")],
      [{ states: ["a", 1] as never }, new InvalidArgumentError("states must contain only strings")],
      [
        { excludeStates: [null] as never },
        new InvalidArgumentError("excludeStates must contain only strings"),
      ],
      [{ cursor: "" }, new InvalidArgumentError("cursor must be a non-empty string")],
      [
        { cursor: "x", instanceUuids: [] },
        new InvalidArgumentError("cursor cannot be combined with instanceUuids"),
      ],
      [{ workflowName: "nope" }, new WorkflowDefinitionError("nope", "Workflow not found in registry")],
      [
        { toVersion: 9 },
        new WorkflowDefinitionError("fulfilment", "version 9 is not in the definition store"),
      ],
      [
        { stateMapping: { processing: "ghost" } },
        new InvalidArgumentError(
          'stateMapping maps "processing" to "ghost", which is not a state of version 2',
        ),
      ],
      [
        { stateMapping: { processing: "waiting" } },
        new InvalidArgumentError(
          'stateMapping maps "processing" to "waiting", which has an onEnter in version 2; migration never runs onEnter',
        ),
      ],
    ];
    for (const [override, expected] of cases) {
      const error = await runtime
        .migrateInstances({ ...base, ...override } as MigrateInstancesInput)
        .catch((e: unknown) => e);
      expect(error, JSON.stringify(override)).toEqual(expected);
      expect((error as Error).constructor).toBe(expected.constructor);
    }
    expect((await runtime.listDefinitionVersions("fulfilment"))[0].activeInstances).toBe(1);
  });

  it("requires a definition store and, without instanceUuids, findInstanceUuids", async () => {
    const noStore = createFixture({ definitions: [fulfilmentV2], persistence: { definitions: false } });
    await expect(noStore.runtime.migrateInstances(base)).rejects.toThrow(
      new WorkflowError("migrateInstances requires a definition store"),
    );
    const persistence = createInMemoryPersistence();
    await seed(persistence, 1);
    const store = persistence.instanceStore;
    const limitedStore = {
      create: store.create.bind(store),
      findByUuid: store.findByUuid.bind(store),
      lockByUuid: store.lockByUuid.bind(store),
      update: store.update.bind(store),
      findExpired: store.findExpired.bind(store),
      findParkedTimeouts: store.findParkedTimeouts.bind(store),
      countInstances: store.countInstances.bind(store),
    };
    const { runtime } = v2Runtime(persistence, { runtime: { instanceStore: limitedStore } });
    await expect(runtime.migrateInstances(base)).rejects.toThrow(
      new WorkflowError(
        "migrateInstances without instanceUuids requires an instance store that implements findInstanceUuids",
      ),
    );
    const explicit = await runtime.migrateInstances({ ...base, instanceUuids: ["x"] });
    expect(explicit.skipped).toEqual([{ uuid: "x", reason: "not found" }]);
  });

  it("throws MigrationInterruptedError with the partial result when listing fails or misbehaves", async () => {
    const persistence = createInMemoryPersistence();
    const { created } = await seed(persistence, 4);
    const sorted = created.map((i) => i.uuid).sort();
    const store = persistence.instanceStore;
    const pages: ((input: { afterUuid?: string }) => Promise<string[]>)[] = [
      async () => [sorted[0], sorted[1]],
      async () => {
        throw new Error("connection reset");
      },
    ];
    let call = 0;
    const flaky = Object.assign(Object.create(store) as typeof store, {
      findInstanceUuids: (input: { afterUuid?: string }) => pages[Math.min(call++, pages.length - 1)](input),
    });
    const { runtime } = v2Runtime(persistence, { runtime: { instanceStore: flaky } });
    const error = await runtime.migrateInstances(base).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationInterruptedError);
    expect((error as Error).message).toBe(
      "migrateInstances was interrupted after examining 2 candidates: connection reset",
    );
    expect((error as MigrationInterruptedError).result.migrated.map((m) => m.uuid)).toEqual([
      sorted[0],
      sorted[1],
    ]);
    expect((error as MigrationInterruptedError).result.nextCursor).toBe(sorted[1]);

    for (const [page, message] of [
      [["b", "a"], "findInstanceUuids returned a page that does not advance past b"],
      [[""], "findInstanceUuids returned a page with an entry that is not a UUID string"],
      [["z"], "findInstanceUuids returned a page that does not advance past zz"],
    ] as const) {
      const bad = Object.assign(Object.create(store) as typeof store, {
        findInstanceUuids: async () => [...page],
      });
      const misbehaving = v2Runtime(persistence, { runtime: { instanceStore: bad } }).runtime;
      const cursor = message.endsWith("zz") ? "zz" : undefined;
      const failure = await misbehaving
        .migrateInstances({ ...base, dryRun: true, ...(cursor ? { cursor } : {}) })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(MigrationInterruptedError);
      expect((failure as MigrationInterruptedError).cause).toEqual(new WorkflowError(message));
      expect((failure as MigrationInterruptedError).result.nextCursor).toBe(cursor ?? null);
    }
  });

  it("refuses a stored target version that changed since it was loaded", async () => {
    const persistence = createInMemoryPersistence();
    const { created } = await seed(persistence, 1);
    await v2Runtime(persistence, { runtime: { onUnresolvable: "warn" } }).runtime.initialize();
    const store = persistence.definitionStore!;
    // Version 2's row is replaced behind the runtime's back after it loaded its copy.
    const drifting: WorkflowDefinitionStore = {
      ensure: async (input) => {
        const row = await store.ensure(input);
        return input.version === 2 ? { ...row, contentHash: "sha256:drifted" } : row;
      },
      findByNameAndVersion: (n, v) => store.findByNameAndVersion(n, v),
      listVersions: (n) => store.listVersions(n),
    };
    const v3 = { ...fulfilmentV2, version: 3 };
    const { runtime } = v2Runtime(persistence, {
      definitions: [v3],
      runtime: { definitionStore: drifting, onUnresolvable: "warn" },
    });
    const result = await runtime.migrateInstances({ ...base, instanceUuids: [created[0].uuid] });
    expect(result.failed).toEqual([
      {
        uuid: created[0].uuid,
        error: expect.stringMatching(
          /^Workflow "fulfilment": stored version 2 differs from the copy loaded earlier \(stored sha256:drifted, loaded sha256:[0-9a-f]{64}\); retry to use the stored version$/,
        ),
      },
    ]);
    expect((await runtime.getInstance(created[0].uuid))?.definitionVersion).toBe(1);
  });
});
