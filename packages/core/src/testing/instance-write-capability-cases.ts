import { randomUUID } from "node:crypto";
import { expect, it } from "./vitest-api.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import type { WorkflowHistoryStore } from "../persistence/workflow-history-store.js";
import type { ClaimInStateInput, WorkflowInstanceStore } from "../persistence/workflow-instance-store.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";

/** The fixture of the current test, as the instance-store kit holds it. */
export interface WriteCapabilityFixture {
  store: WorkflowInstanceStore;
  runner: WorkflowTransactionRunner;
  historyStore: WorkflowHistoryStore | undefined;
  makeInstance(overrides?: Partial<WorkflowInstance>): WorkflowInstance;
  /** One transaction at a time: no second transaction can run beside a held lock. */
  serialTransactions?: boolean;
}

const optimistic = (instance: WorkflowInstance): string =>
  `Optimistic locking failure: workflow instance "${instance.uuid}" was modified concurrently (expected version ${instance.version - 1})`;

function historyOf(instance: WorkflowInstance, eventName: string): WorkflowHistoryRecord {
  return {
    workflowInstanceUuid: instance.uuid,
    fromState: "open",
    eventName,
    toState: instance.currentState,
    outcome: "success",
    commandResultsJson: [],
    triggerMetadata: { source: "conformance" },
    definitionVersion: instance.definitionVersion,
  };
}

/** A moved copy of `instance` (state, version + 1, context), as the runtime hands it to the stores. */
function moved(instance: WorkflowInstance, state: string): WorkflowInstance {
  return { ...instance, currentState: state, version: instance.version + 1, context: { moved: state } };
}

/**
 * Cases of the optional write capabilities (`updateMany`, and the paired history store's
 * `appendWithInstanceUpdate` / `appendMany`), registered inside the instance-store kit: each runs only when the
 * store (or the harness's paired history store) implements the member, and says why it skipped otherwise.
 *
 * @internal
 */
export function registerWriteCapabilityCases(current: () => WriteCapabilityFixture): void {
  const updateManySkip = "skipped: store does not implement updateMany";
  const pairedSkip =
    "skipped: the harness gives no paired history store implementing appendWithInstanceUpdate";
  const appendManySkip = "skipped: the harness gives no paired history store implementing appendMany";

  it("history rows read back carry the uuid append returned, and a uuid given to append is ignored (skipped without a history store)", async (ctx) => {
    const { store, runner, historyStore, makeInstance } = current();
    if (!historyStore) return ctx.skip("skipped: the harness gives no history store");
    const instance = makeInstance();
    await runner.runInTransaction(() => store.create(instance));
    const first = await runner.runInTransaction(() => historyStore.append(historyOf(instance, "First")));
    const given = "00000000-0000-4000-8000-000000000000";
    const second = await runner.runInTransaction(() =>
      historyStore.append({ ...historyOf(instance, "Second"), uuid: given }),
    );
    expect(typeof first).toBe("string");
    expect(second).not.toBe(given);
    expect(second).not.toBe(first);
    const rows = await historyStore.findByInstanceUuid(instance.uuid);
    expect(Object.fromEntries(rows.map((row) => [row.eventName, row.uuid]))).toEqual({
      First: first,
      Second: second,
    });
  });

  it("updateMany writes every instance like update and never metadata (skipped when updateMany is not implemented)", async (ctx) => {
    const { store, runner, makeInstance } = current();
    if (!store.updateMany) return ctx.skip(updateManySkip);
    const a = makeInstance();
    const b = makeInstance({ version: 3 });
    await runner.runInTransaction(async () => {
      await store.create(a);
      await store.create(b);
    });
    const nextA = { ...moved(a, "done"), metadata: { ignored: true } };
    const nextB = { ...moved(b, "closed"), timeoutRetry: null, expiresAt: new Date(Date.UTC(2030, 0, 1)) };
    await runner.runInTransaction(() => store.updateMany!([nextA, nextB]));
    expect(await store.findByUuid(a.uuid)).toEqual({ ...nextA, metadata: a.metadata });
    expect(await store.findByUuid(b.uuid)).toEqual(nextB);
    await runner.runInTransaction(() => store.updateMany!([]));
  });

  it("updateMany throws the optimistic-locking error of the first stale instance; rollback keeps all rows (skipped when updateMany is not implemented)", async (ctx) => {
    const { store, runner, makeInstance } = current();
    if (!store.updateMany) return ctx.skip(updateManySkip);
    const a = makeInstance();
    const b = makeInstance({ version: 2 });
    await runner.runInTransaction(async () => {
      await store.create(a);
      await store.create(b);
    });
    const staleB = { ...moved(b, "done"), version: 7 };
    await expect(
      runner.runInTransaction(() => store.updateMany!([moved(a, "done"), staleB])),
    ).rejects.toThrow(optimistic(staleB));
    expect((await store.findByUuid(a.uuid))!.version).toBe(0);
    expect((await store.findByUuid(b.uuid))!.version).toBe(2);
  });

  it("appendWithInstanceUpdate writes the instance and appends its row, or nothing on a version mismatch (skipped when not implemented)", async (ctx) => {
    const { store, runner, historyStore, makeInstance } = current();
    if (!historyStore?.appendWithInstanceUpdate) return ctx.skip(pairedSkip);
    const instance = makeInstance();
    await runner.runInTransaction(() => store.create(instance));
    const next = moved(instance, "done");
    const uuid = await runner.runInTransaction(() =>
      historyStore.appendWithInstanceUpdate!(next, historyOf(next, "Finish")),
    );
    expect(typeof uuid).toBe("string");
    expect(await store.findByUuid(instance.uuid)).toEqual({ ...next, metadata: instance.metadata });
    const rows = await historyStore.findByInstanceUuid(instance.uuid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ...historyOf(next, "Finish"), uuid, createdAt: expect.any(Date) });
    const stale = { ...moved(next, "again"), version: 9 };
    await expect(
      runner.runInTransaction(() => historyStore.appendWithInstanceUpdate!(stale, historyOf(stale, "Again"))),
    ).rejects.toThrow(optimistic(stale));
    expect(await historyStore.findByInstanceUuid(instance.uuid)).toHaveLength(1);
    expect((await store.findByUuid(instance.uuid))!.currentState).toBe("done");
  });

  it("appendMany appends every row in order and returns one uuid per row (skipped when not implemented)", async (ctx) => {
    const { store, runner, historyStore, makeInstance } = current();
    if (!historyStore?.appendMany) return ctx.skip(appendManySkip);
    const a = makeInstance();
    const b = makeInstance();
    await runner.runInTransaction(async () => {
      await store.create(a);
      await store.create(b);
    });
    const records = [historyOf(a, "First"), historyOf(b, "Only"), historyOf(a, "Second")];
    const uuids = await runner.runInTransaction(() => historyStore.appendMany!(records));
    expect(uuids).toHaveLength(3);
    expect(new Set(uuids).size).toBe(3);
    const ofA = await historyStore.findByInstanceUuid(a.uuid);
    expect(ofA.map((row) => row.eventName).sort()).toEqual(["First", "Second"]);
    expect(Object.fromEntries(ofA.map((row) => [row.eventName, row.uuid]))).toEqual({
      First: uuids[0],
      Second: uuids[2],
    });
    expect((await historyStore.findByInstanceUuid(b.uuid))[0]).toMatchObject({
      ...historyOf(b, "Only"),
      uuid: uuids[1],
    });
    expect(await runner.runInTransaction(() => historyStore.appendMany!([]))).toEqual([]);
  });
  it("claimInState takes in-state instances matching the filter by uuid order after a key, skips rows another transaction holds, and throws outside a transaction (skipped when not implemented)", async (ctx) => {
    const { store, runner, makeInstance, serialTransactions } = current();
    if (!store.claimInState) return ctx.skip("skipped: store does not implement claimInState");
    const uuids = [
      "10000000-0000-4000-8000-000000000000",
      "20000000-0000-4000-8000-000000000000",
      "30000000-0000-4000-8000-000000000000",
      "40000000-0000-4000-8000-000000000000",
      "50000000-0000-4000-8000-000000000000",
    ];
    const early = new Date(Date.UTC(2020, 0, 1));
    const late = new Date(Date.UTC(2021, 0, 1));
    await runner.runInTransaction(async () => {
      await store.create(
        makeInstance({ uuid: uuids[3], context: { region: "eu", n: 1 }, lastTransitionAt: early }),
      );
      await store.create(
        makeInstance({ uuid: uuids[0], context: { region: "eu", n: 2 }, lastTransitionAt: early }),
      );
      await store.create(
        makeInstance({ uuid: uuids[2], context: { region: "us" }, lastTransitionAt: early }),
      );
      await store.create(makeInstance({ uuid: uuids[1], context: { region: "eu" }, lastTransitionAt: late }));
      await store.create(makeInstance({ uuid: uuids[4], currentState: "closed", context: { region: "eu" } }));
      await store.create(
        makeInstance({ uuid: randomUUID(), workflowName: "other", context: { region: "eu" } }),
      );
    });
    const claim = (input: Partial<ClaimInStateInput> = {}): Promise<string[]> =>
      runner.runInTransaction(async () =>
        (await store.claimInState!({ workflowName: "conformance", state: "open", limit: 10, ...input })).map(
          (instance) => instance.uuid,
        ),
      );
    expect(await claim()).toEqual(uuids.slice(0, 4));
    expect(await claim({ limit: 2 })).toEqual(uuids.slice(0, 2));
    expect(await claim({ afterUuid: uuids[1] })).toEqual([uuids[2], uuids[3]]);
    expect(await claim({ where: { context: { region: "eu" } } })).toEqual([uuids[0], uuids[1], uuids[3]]);
    expect(
      await claim({
        where: { context: { region: "eu" }, lastTransitionBefore: new Date(Date.UTC(2020, 6, 1)) },
      }),
    ).toEqual([uuids[0], uuids[3]]);
    expect(await claim({ where: { metadata: { tenant: "t1" }, context: { n: 2 } } })).toEqual([uuids[0]]);
    expect(await claim({ where: { metadata: { tenant: "t2" } } })).toEqual([]);
    await expect(
      store.claimInState({ workflowName: "conformance", state: "open", limit: 1 }),
    ).rejects.toThrow("claimInState requires an active transaction");
    // With one connection the claim below would queue behind the holder forever; SKIP LOCKED needs two sessions.
    if (serialTransactions) return;
    let release!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const holder = runner.runInTransaction(async () => {
      await store.lockByUuid(uuids[0]);
      held();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    try {
      expect(await claim({ limit: 2 })).toEqual([uuids[1], uuids[2]]);
    } finally {
      release();
      await holder;
    }
  });
}
