import { randomUUID } from "node:crypto";
import {
  PgTransactionContext,
  PgWorkflowHistoryStore,
  type PgWorkflowProvidersOptions,
} from "../../src/index.js";
import type { WorkflowDefinition, WorkflowRuntime, WorkflowRuntimeOptions } from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";
import { recordKeywords } from "../support/record-keywords.js";
import { wrapQueries } from "../support/wrap-queries.js";

const toggle: WorkflowDefinition = {
  name: "opt-toggle",
  initialState: "a",
  states: {
    a: {
      events: {
        go: { targetState: "b" },
        stay: { targetState: "a" },
        work: { targetState: "b", commands: [{ name: "noop" }] },
      },
    },
    b: { events: { go: { targetState: "a" }, hop: { targetState: "c" } }, context: { visitedB: true } },
    c: { onEnter: { commands: [{ name: "noop" }], targetState: "a" }, events: {} },
  },
};

const timed: WorkflowDefinition = {
  name: "opt-timed",
  initialState: "idle",
  states: {
    idle: { events: { arm: { targetState: "armed" } } },
    armed: { events: { expire: { targetState: "idle", timeout: { afterMinutes: 1 } } } },
  },
};

describe("@duraflows/pg optimistic transitions", () => {
  let env: PgTestSchema;
  const pools: pg.Pool[] = [];

  const pool = (config: pg.PoolConfig = {}): pg.Pool => {
    const created = env.createPool(config);
    pools.push(created);
    return created;
  };

  const build = (
    target: pg.Pool,
    options: { runtime?: Partial<WorkflowRuntimeOptions>; providers?: PgWorkflowProvidersOptions } = {},
  ) =>
    createPgRuntime(target, {
      definitions: [toggle, timed],
      commands: { noop: { execute: () => ({ ok: true }) } },
      clock: new SimulatedClock(new Date("2026-01-01T00:00:00.000Z")),
      ...options,
      // Opt-in: every runtime here takes the optimistic path unless a test turns it off.
      runtime: { optimisticTransitions: true, ...options.runtime },
    });

  /**
   * An instance this runtime moved a → b (and remembers in b), then moved back to a by a runtime without the
   * optimistic path; `seen` records the statements from here on.
   */
  const rememberedInBStoredInA = async () => {
    const target = pool();
    const seen = recordKeywords(target);
    const { runtime } = build(target);
    const other = build(pool(), { runtime: { optimisticTransitions: false } }).runtime;
    const created = await runtime.createInstance({ workflowName: "opt-toggle" });
    await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
    await other.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
    seen.length = 0;
    return { runtime, other, seen, created };
  };

  beforeAll(async () => {
    env = await createPgTestSchema("pg-optimistic", "duraflows_pg_it");
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await Promise.all(pools.map((created) => created.end()));
    await env?.drop();
  });

  it("moves a command-less event with one read and one statement, outside any transaction", async () => {
    const target = pool();
    const seen = recordKeywords(target);
    const { runtime, events } = build(target);
    const created = await runtime.createInstance({ workflowName: "opt-toggle" });
    seen.length = 0;
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
    expect(seen).toEqual(["SELECT", "WITH"]);
    expect(result).toMatchObject({ outcome: "success", fromState: "a", toState: "b", commandResults: [] });
    const [row] = await runtime.getHistory(created.uuid);
    expect(row!.uuid).toBe(result.historyUuid);
    expect(events.at(-1)).toMatchObject({ fromState: "a", toState: "b", triggerEvent: "go" });
  });

  it("is opt-in: without the option the published step order runs (transaction, lock, write, commit)", async () => {
    const target = pool();
    const seen = recordKeywords(target);
    const runtime = createPgRuntime(target, {
      definitions: [toggle, timed],
      commands: { noop: { execute: () => ({ ok: true }) } },
    }).runtime;
    const created = await runtime.createInstance({ workflowName: "opt-toggle" });
    seen.length = 0;
    await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
    expect(seen).toEqual(["BEGIN", "SELECT", "WITH", "COMMIT"]);
  });

  it("writes the same instance, history rows, results and observer events as the locking path", async () => {
    const runs = await Promise.all(
      [true, false].map(async (optimisticTransitions) => {
        const { runtime, events } = build(pool(), { runtime: { optimisticTransitions } });
        const created = await runtime.createInstance({ workflowName: "opt-toggle", context: { n: 1 } });
        const results = [];
        for (const [eventName, triggerMetadata] of [
          ["go", { by: "test" }],
          ["go", undefined],
          ["stay", { why: ["self"] }],
          ["go", undefined],
          ["hop", undefined],
        ] as const) {
          results.push(
            await runtime.triggerEvent({
              workflowInstanceUuid: created.uuid,
              eventName,
              ...(triggerMetadata ? { triggerMetadata } : {}),
            }),
          );
        }
        return { runtime, uuid: created.uuid, results, events };
      }),
    );
    const [optimistic, locking] = await Promise.all(runs.map((run) => snapshot(run.runtime, run.uuid)));
    expect(optimistic).toEqual(locking);
    const strip = (run: (typeof runs)[number]) => ({
      results: run.results.map(({ historyUuid, ...rest }) => ({ ...rest, historyUuid: typeof historyUuid })),
      events: run.events.map(({ instanceUuid, transitionUuid, ...rest }) => ({
        ...rest,
        ids: [typeof instanceUuid, typeof transitionUuid],
      })),
    });
    expect(strip(runs[0]!)).toEqual(strip(runs[1]!));
  });

  it("throws the same errors as the locking path and writes nothing", async () => {
    const errors = await Promise.all(
      [true, false].map(async (optimisticTransitions) => {
        const { runtime } = build(pool(), { runtime: { optimisticTransitions } });
        const created = await runtime.createInstance({ workflowName: "opt-toggle" });
        const attempts = [
          { workflowInstanceUuid: randomUUID(), eventName: "go" },
          { workflowInstanceUuid: "not-a-uuid", eventName: "go" },
          { workflowInstanceUuid: created.uuid, eventName: "missing" },
          { workflowInstanceUuid: created.uuid, eventName: "hop" },
        ];
        const caught = [];
        for (const attempt of attempts) {
          const error = await runtime.triggerEvent(attempt).catch((thrown: unknown) => thrown as Error);
          caught.push({ name: (error as Error).constructor.name, message: (error as Error).message });
        }
        expect(await runtime.getHistory(created.uuid)).toEqual([]);
        const uuids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
        return caught.map((entry) => ({ ...entry, message: entry.message.replace(uuids, "<uuid>") }));
      }),
    );
    expect(errors[0]).toEqual(errors[1]);
    expect(errors[0]!.map((error) => error.name)).toEqual([
      "WorkflowInstanceNotFoundError",
      "WorkflowInstanceNotFoundError",
      "InvalidEventError",
      "InvalidEventError",
    ]);
  });

  it("takes the locking path for commands, onEnter targets, timeouts, idempotency keys and a caller's transaction", async () => {
    const target = pool();
    const seen = recordKeywords(target);
    const { runtime } = build(target, { providers: { idempotency: true } });
    const created = await runtime.createInstance({ workflowName: "opt-toggle" });
    const step = async (work: () => Promise<unknown>): Promise<string[]> => {
      seen.length = 0;
      await work();
      return [...seen];
    };
    const trigger =
      (eventName: string, extra: object = {}) =>
      () =>
        runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName, ...extra });
    expect(await step(trigger("work"))).toEqual(["BEGIN", "SELECT", "WITH", "COMMIT"]);
    // b → c enters an onEnter chain (one more hop back to a): no definition declares `hop` pure.
    expect(await step(trigger("hop"))).toEqual(["BEGIN", "SELECT", "WITH", "WITH", "COMMIT"]);
    expect(await step(trigger("go", { idempotencyKey: "k1" }))).toContain("BEGIN");
    const inCaller = await step(() => PgTransactionContext.transaction(target, () => trigger("go")()));
    expect(inCaller).toEqual(["BEGIN", "SAVEPOINT", "SELECT", "WITH", "RELEASE", "COMMIT"]);
  });

  it("takes the locking path when the runner has timeouts, the execution store is on or a wake-up is due", async () => {
    for (const providers of [
      { lockTimeoutMs: 1_000 },
      { durableExecution: true },
    ] satisfies PgWorkflowProvidersOptions[]) {
      const target = pool();
      const seen = recordKeywords(target);
      const { runtime } = build(target, { providers });
      const created = await runtime.createInstance({ workflowName: "opt-toggle" });
      seen.length = 0;
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
      expect(seen).toContain("BEGIN");
    }
    const target = pool();
    const seen = recordKeywords(target);
    const { runtime } = build(target, { providers: { notify: true } });
    const created = await runtime.createInstance({ workflowName: "opt-timed" });
    seen.length = 0;
    await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "arm" });
    expect(seen).toContain("BEGIN");
    expect(seen.filter((keyword) => keyword === "SELECT").length).toBeGreaterThan(1); // pg_notify
  });

  it("16 concurrent command-less triggers on one instance over a pool of 8 lose no update", async () => {
    const { runtime } = build(pool({ max: 8 }));
    const created = await runtime.createInstance({ workflowName: "opt-toggle" });
    const results = await Promise.all(
      Array.from({ length: 16 }, () =>
        runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" }),
      ),
    );
    const instance = await runtime.getInstance(created.uuid);
    expect(instance!.version).toBe(16);
    expect(instance!.currentState).toBe("a");
    const history = (await runtime.getHistory(created.uuid, { limit: 100 })).reverse();
    expect(history).toHaveLength(16);
    // Every row starts where the previous one ended: each write applied to the version it read.
    history.forEach((row, index) => expect(row.fromState).toBe(index % 2 === 0 ? "a" : "b"));
    expect(new Set(results.map((result) => result.historyUuid))).toEqual(
      new Set(history.map((row) => row.uuid)),
    );
    expect(results.filter((result) => result.fromState === "a")).toHaveLength(8);
  });

  it("retries after a version conflict, and hands over to the locking path after three", async () => {
    for (const conflicts of [1, 3]) {
      const target = pool();
      const { runtime } = build(target);
      const other = build(pool(), { runtime: { optimisticTransitions: false } }).runtime;
      const seen: string[] = [];
      let pending = 0;
      let uuid = "";
      wrapQueries(target, (text, args, send) => {
        seen.push(text.trimStart().split(/\s+/)[0]!.toUpperCase());
        const callback = args.at(-1) as ((error: unknown, result?: unknown) => void) | undefined;
        // Another writer moves the instance between this call's unlocked read and its write. The pool calls
        // its clients with a callback: the hook runs before the callback sees the result.
        if (
          pending > 0 &&
          // The unlocked read (the locked one ends with FOR UPDATE).
          /^SELECT [\s\S]*\bFROM workflow_instances\s+WHERE uuid = \$1$/.test(text) &&
          typeof callback === "function"
        ) {
          pending--;
          return send(...args.slice(0, -1), (error: unknown, result: unknown) => {
            other.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" }).then(
              () => callback(error, result),
              (failure: unknown) => callback(failure),
            );
          });
        }
        return send(...args);
      });
      const created = await runtime.createInstance({ workflowName: "opt-toggle" });
      uuid = created.uuid;
      seen.length = 0;
      pending = conflicts;
      const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
      const attempts = conflicts === 1 ? 2 : 3;
      const optimistic = Array.from({ length: attempts }, () => ["SELECT", "WITH"]).flat();
      const locking = conflicts === 1 ? [] : ["BEGIN", "SELECT", "WITH", "COMMIT"];
      expect(seen).toEqual([...optimistic, ...locking]);
      const instance = await runtime.getInstance(created.uuid);
      expect(instance!.version).toBe(conflicts + 1);
      expect(result.fromState).toBe(conflicts % 2 === 1 ? "b" : "a");
      expect(result.toState).toBe(instance!.currentState);
      expect(await runtime.getHistory(created.uuid)).toHaveLength(conflicts + 1);
    }
  });

  it("skips the read for an instance it wrote last: one statement per transition", async () => {
    const target = pool();
    const seen = recordKeywords(target);
    const { runtime, events } = build(target);
    const created = await runtime.createInstance({ workflowName: "opt-toggle", context: { n: 1 } });
    await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
    seen.length = 0;
    const back = await runtime.triggerEvent({
      workflowInstanceUuid: created.uuid,
      eventName: "go",
      triggerMetadata: { by: "snapshot" },
    });
    const again = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
    expect(seen).toEqual(["WITH", "WITH"]);
    expect(back).toMatchObject({ outcome: "success", fromState: "b", toState: "a" });
    expect(again).toMatchObject({ outcome: "success", fromState: "a", toState: "b" });
    const instance = await runtime.getInstance(created.uuid);
    expect(instance).toMatchObject({ currentState: "b", version: 3, context: { n: 1, visitedB: true } });
    const history = (await runtime.getHistory(created.uuid)).reverse();
    expect(history.map((row) => [row.fromState, row.toState])).toEqual([
      ["a", "b"],
      ["b", "a"],
      ["a", "b"],
    ]);
    expect(history[1]!.triggerMetadata).toEqual({ by: "snapshot" });
    expect(events.at(-1)).toMatchObject({ fromState: "a", toState: "b", context: { n: 1, visitedB: true } });
  });

  it("a snapshot made stale by another writer costs one statement that writes nothing, then the read", async () => {
    const { runtime, seen, created } = await rememberedInBStoredInA();
    // The snapshot says b (go leads to a); the stored instance is in a (go leads to b).
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
    expect(seen).toEqual(["WITH", "SELECT", "WITH"]);
    expect(result).toMatchObject({ fromState: "a", toState: "b" });
    const history = (await runtime.getHistory(created.uuid)).reverse();
    expect(history.map((row) => row.fromState)).toEqual(["a", "b", "a"]);
    expect((await runtime.getInstance(created.uuid))!.version).toBe(3);
    // After a stale snapshot the next call reads; the one after trusts the snapshot again.
    const steps: string[][] = [];
    for (let i = 0; i < 2; i++) {
      seen.length = 0;
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" });
      steps.push([...seen]);
    }
    expect(steps).toEqual([["SELECT", "WITH"], ["WITH"]]);
  });

  it("a snapshot that leads anywhere but a write is set aside and the instance read", async () => {
    const { runtime, other, seen, created } = await rememberedInBStoredInA();
    // `stay` is declared on a only: by the snapshot it is unknown, by the stored instance a self-transition.
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "stay" });
    expect(result).toMatchObject({ outcome: "success", fromState: "a", toState: "a" });
    expect(seen).toEqual(["SELECT", "WITH"]);
    // And an event the stored instance rejects throws the locking path's error, whatever the snapshot says.
    await other.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "go" }); // stored in b
    const error = await runtime
      .triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "stay" })
      .catch((thrown: unknown) => thrown as Error);
    expect(error.constructor.name).toBe("InvalidEventError");
    expect((await runtime.getInstance(created.uuid))!.version).toBe(4);
  });

  it("two runtimes remembering the same instances, writes delayed at random, lose no update", async () => {
    const slow = (target: pg.Pool): pg.Pool => {
      // Every version-checked write waits 0–4 ms before it is sent: snapshots go stale in flight.
      wrapQueries(target, (text, args, send) => {
        if (!text.startsWith("WITH") || typeof args.at(-1) !== "function") return send(...args);
        setTimeout(() => send(...args), Math.floor(Math.random() * 5));
        return undefined;
      });
      return target;
    };
    const runtimes = [build(slow(pool({ max: 4 }))).runtime, build(slow(pool({ max: 4 }))).runtime];
    const uuids: string[] = [];
    for (let i = 0; i < 3; i++)
      uuids.push((await runtimes[0]!.createInstance({ workflowName: "opt-toggle" })).uuid);
    // 6 loops (3 per runtime) of 16 events each over the 3 instances: loops start on different instances and
    // move on after each event, so a runtime often finds an instance it moved last, and often one the other
    // runtime moved since.
    const results = (
      await Promise.all(
        Array.from({ length: 6 }, async (_, loop) => {
          const runtime = runtimes[loop % 2]!;
          const done = [];
          for (let i = 0; i < 16; i++) {
            const uuid = uuids[(loop + i) % 3]!;
            done.push(await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" }));
          }
          return done;
        }),
      )
    ).flat();
    for (const uuid of uuids) {
      const instance = await runtimes[1]!.getInstance(uuid);
      const history = (await runtimes[1]!.getHistory(uuid, { limit: 100 })).reverse();
      expect(instance!.version).toBe(32);
      expect(history).toHaveLength(32);
      // Each row starts where the previous one ended: no write applied to a version it did not find.
      history.forEach((row, index) => expect(row.fromState).toBe(index % 2 === 0 ? "a" : "b"));
      expect(instance!.currentState).toBe("a");
    }
    expect(new Set(results.map((result) => result.historyUuid)).size).toBe(96);
  });

  it("appendWithInstanceUpdateAtomic returns null and writes nothing on a version mismatch", async () => {
    const { runtime } = build(pool());
    const created = await runtime.createInstance({ workflowName: "opt-toggle" });
    const store = new PgWorkflowHistoryStore(env.pool);
    const stale = { ...created, version: created.version + 2, currentState: "b" };
    const record = {
      workflowInstanceUuid: created.uuid,
      fromState: "a",
      eventName: "go",
      toState: "b",
      outcome: "success" as const,
      commandResultsJson: [],
      triggerMetadata: {},
      definitionVersion: 1,
    };
    expect(await store.appendWithInstanceUpdateAtomic(stale, record)).toBeNull();
    expect(await runtime.getHistory(created.uuid)).toEqual([]);
    const uuid = await store.appendWithInstanceUpdateAtomic(
      { ...stale, version: created.version + 1 },
      record,
    );
    expect(typeof uuid).toBe("string");
    expect((await runtime.getInstance(created.uuid))!.currentState).toBe("b");
  });
});

/** The instance and its history as stored, without generated ids and database timestamps. */
async function snapshot(runtime: WorkflowRuntime, uuid: string) {
  const instance = await runtime.getInstance(uuid);
  const history = await runtime.getHistory(uuid, { limit: 100 });
  const { uuid: _uuid, ...fields } = instance!;
  return {
    instance: fields,
    history: history.map(({ uuid: _row, workflowInstanceUuid: _owner, createdAt: _at, ...row }) => row),
  };
}
