import { describe, expect, it } from "vitest";
import type { StateEnterEvent, WorkflowClock, WorkflowDefinition } from "@duraflows/core";
import { InMemoryRowLocks } from "../src/testing/in-memory-row-locks.js";
import type { InMemoryRootTransaction } from "../src/testing/in-memory-transaction-runner.js";
import { createFixture, type Fixture } from "./support/runtime-fixture.js";

// Command-less events on the in-memory stores run as one synchronous transaction; these cases pin down that
// nothing observable differs from the ordinary (awaiting) path.

const toggle: WorkflowDefinition = {
  name: "immediate-toggle",
  initialState: "a",
  states: {
    a: { events: { go: { targetState: "b" } } },
    b: {
      context: { visited: { b: true } },
      events: { go: { targetState: "a", timeout: { afterMinutes: 5 } } },
    },
  },
};

/** A clock that moves one second on every read, so each read is visible in the stored times. */
function tickingClock(): WorkflowClock {
  let at = Date.UTC(2026, 0, 1);
  return { now: () => new Date((at += 1000)) };
}

/**
 * A new instance, after a first instance went a → b → a: each (state, event) is decided once by finita on the
 * ordinary path; only the known decisions run synchronously.
 */
async function created(fixture: Fixture): Promise<string> {
  const first = await fixture.runtime.createInstance({ workflowName: toggle.name });
  for (let i = 0; i < 2; i++)
    await fixture.runtime.triggerEvent({ workflowInstanceUuid: first.uuid, eventName: "go" });
  return (await fixture.runtime.createInstance({ workflowName: toggle.name, context: { n: 1 } })).uuid;
}

describe("command-less transitions on in-memory stores", () => {
  it("give the same result, history rows and instance as the ordinary path", async () => {
    const immediate = createFixture({ definitions: [toggle], runtime: { clock: tickingClock() } });
    const ordinary = createFixture({ definitions: [toggle], runtime: { clock: tickingClock() } });
    // A wrapper assigned over `append` makes the runtime call it for every row: the ordinary path.
    const history = ordinary.persistence.historyStore;
    const append = history.append.bind(history);
    const appended: string[] = [];
    history.append = (record) => {
      appended.push(`${record.fromState}->${record.toState}`);
      return append(record);
    };
    const outcomes = [];
    for (const fixture of [immediate, ordinary]) {
      const uuid = await created(fixture);
      appended.length = 0;
      const results = [];
      for (const metadata of [{ who: "x" }, undefined, {}])
        results.push(
          await fixture.runtime.triggerEvent({
            workflowInstanceUuid: uuid,
            eventName: "go",
            triggerMetadata: metadata,
          }),
        );
      const rows = await fixture.runtime.getHistory(uuid);
      outcomes.push({
        results: results.map(({ historyUuid: _historyUuid, ...rest }) => rest),
        resultRows: results.map((result) => result.historyUuid),
        rowUuids: rows.map((row) => row.uuid),
        rows: rows.map(
          ({ uuid: _uuid, createdAt: _createdAt, workflowInstanceUuid: _instance, ...rest }) => rest,
        ),
        instance: { ...(await fixture.runtime.getInstance(uuid))!, uuid: "" },
      });
    }
    expect(appended).toEqual(["a->b", "b->a", "a->b"]);
    const [fast, slow] = outcomes;
    expect(fast.resultRows).toEqual([...fast.rowUuids].reverse());
    expect(slow.resultRows).toEqual([...slow.rowUuids].reverse());
    expect(fast.results).toEqual(slow.results);
    expect(fast.rows).toEqual(slow.rows);
    expect(fast.instance).toEqual(slow.instance);
    expect(fast.instance).toMatchObject({
      currentState: "b",
      version: 3,
      context: { n: 1, visited: { b: true } },
    });
    expect(fast.instance.expiresAt).not.toBeNull();
  });

  it("join a caller's transaction and roll back with it", async () => {
    const fixture = createFixture({ definitions: [toggle] });
    const uuid = await created(fixture);
    await expect(
      fixture.persistence.transactionRunner.runInTransaction(async () => {
        await fixture.runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" });
        throw new Error("caller rolls back");
      }),
    ).rejects.toThrow("caller rolls back");
    expect(await fixture.runtime.getInstance(uuid)).toMatchObject({ currentState: "a", version: 0 });
    expect(await fixture.runtime.getHistory(uuid)).toEqual([]);
  });

  it("wait for the instance's lock held by another transaction, then apply in turn", async () => {
    const fixture = createFixture({ definitions: [toggle] });
    const uuid = await created(fixture);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = fixture.persistence.transactionRunner.runInTransaction(async () => {
      await fixture.persistence.instanceStore.lockByUuid(uuid);
      await released;
    });
    let settled = false;
    const trigger = fixture.runtime
      .triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" })
      .finally(() => (settled = true));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    release();
    await holder;
    expect(await trigger).toMatchObject({ fromState: "a", toState: "b" });
    expect(await fixture.runtime.getInstance(uuid)).toMatchObject({ currentState: "b", version: 1 });
  });

  it("call observers after the commit, with a transition uuid and the committed instance", async () => {
    const seen: { event: StateEnterEvent; state: string | undefined }[] = [];
    const fixture: Fixture = createFixture({
      definitions: [toggle],
      runtime: {
        observers: [
          {
            name: "recorder",
            onEnter: async (event) => {
              const instance = await fixture.runtime.getInstance(event.instanceUuid);
              seen.push({ event, state: instance?.currentState });
            },
          },
        ],
      },
    });
    const uuid = await created(fixture);
    seen.length = 0;
    await fixture.runtime.triggerEvent({
      workflowInstanceUuid: uuid,
      eventName: "go",
      triggerMetadata: { k: 1 },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].state).toBe("b");
    expect(seen[0].event).toMatchObject({
      fromState: "a",
      toState: "b",
      triggerEvent: "go",
      triggerMetadata: { k: 1 },
    });
    expect(seen[0].event.transitionUuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("report an unknown instance and an unknown event as before", async () => {
    const fixture = createFixture({ definitions: [toggle] });
    const uuid = await created(fixture);
    await expect(
      fixture.runtime.triggerEvent({
        workflowInstanceUuid: "00000000-0000-4000-8000-000000000000",
        eventName: "go",
      }),
    ).rejects.toMatchObject({ name: "WorkflowInstanceNotFoundError" });
    await expect(
      fixture.runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "nope" }),
    ).rejects.toMatchObject({ name: "InvalidEventError" });
    expect(await fixture.runtime.getInstance(uuid)).toMatchObject({ currentState: "a", version: 0 });
  });
});

describe("InMemoryRowLocks", () => {
  const tx = (id: number): InMemoryRootTransaction & { end(): void } => {
    const hooks: (() => void)[] = [];
    return { id, onEnd: (hook) => hooks.push(hook), end: () => hooks.forEach((hook) => hook()) };
  };

  it("keeps a held lock through the clean-up of many released ones, and frees every released one", () => {
    const locks = new InMemoryRowLocks();
    const holder = tx(1);
    expect(locks.tryAcquire("held", holder)).toBe(true);
    for (let i = 0; i < 500; i++) {
      const other = tx(100 + i);
      expect(locks.tryAcquire(`key-${i}`, other)).toBe(true);
      expect(locks.tryAcquire("held", other)).toBe(false);
      other.end();
    }
    expect(locks.isLockedByOther("held", tx(2))).toBe(true);
    for (let i = 0; i < 500; i++) expect(locks.isLockedByOther(`key-${i}`, tx(3))).toBe(false);
    holder.end();
    expect(locks.tryAcquire("held", tx(4))).toBe(true);
  });
});
