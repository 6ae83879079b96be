import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures.js";
import { faultWorkflow, faultyCommand, SIDE_EFFECTS_DDL, workingCommand } from "../support/fault-workflow.js";
import { forkWorker } from "../support/fork-worker.js";
import {
  createReliabilityDatabase,
  historyCount,
  instanceRow,
  type ReliabilityDatabase,
} from "../support/pg-database.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import { terminateBackend, waitForBackendGone } from "../support/wait-for.js";
import type { KillStart } from "../workers/kill-worker.js";
import type { KyselyDisconnectMessage, KyselyDisconnectStart } from "../workers/kysely-disconnect-worker.js";

describe("faults: a process killed mid-transition, a connection dropped mid-transaction", () => {
  let db: ReliabilityDatabase;
  let faults = 0;

  beforeAll(async () => {
    db = await createReliabilityDatabase("stress-kill");
    await db.pool.query(SIDE_EFFECTS_DDL);
  });

  afterAll(async () => {
    recordFigures({ faultsInjected: faults });
    await db?.database.drop();
  });

  const sideEffects = async (): Promise<number> =>
    Number((await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM fault_side_effects")).rows[0]!.n);

  /** The instance is still usable: the same event now commits (so no lock or half state was left behind). */
  async function provesUsable(uuid: string): Promise<void> {
    const runtime = createPgRuntime(db.pool, {
      definitions: [faultWorkflow],
      commands: { work: workingCommand },
    });
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "work" }),
    ).resolves.toMatchObject({
      outcome: "success",
      toState: "done",
    });
    expect(await instanceRow(db.pool, uuid)).toMatchObject({ current_state: "done", version: 1 });
    expect(await historyCount(db.pool, uuid)).toBe(1);
  }

  it("SIGKILL inside a command leaves the instance exactly as before, no history row, no side effect", async () => {
    const setup = createPgRuntime(db.pool, {
      definitions: [faultWorkflow],
      commands: { work: workingCommand },
    });
    const { uuid } = await setup.createInstance({ workflowName: "fault", context: { n: 1 } });
    const before = await instanceRow(db.pool, uuid);
    const sideBefore = await sideEffects();

    const worker = forkWorker<{ type: string; pid?: number }>("kill-worker");
    const start: KillStart = { type: "start", url: db.database.url, uuid };
    worker.send(start);
    const inside = await worker.next((m) => m.type !== "ready");
    expect(inside.type).toBe("inside");
    // The transaction really is open and holds the row: a NOWAIT lock attempt fails right now.
    await expect(
      db.pool.query("SELECT 1 FROM workflow_instances WHERE uuid = $1 FOR UPDATE NOWAIT", [uuid]),
    ).rejects.toThrow(/could not obtain lock/);
    worker.child.kill("SIGKILL");
    expect((await worker.exited).signal).toBe("SIGKILL");
    faults++;
    // PostgreSQL notices the dead client and rolls its transaction back.
    await waitForBackendGone(db.pool, inside.pid!);

    expect(await instanceRow(db.pool, uuid)).toEqual(before);
    expect(await historyCount(db.pool, uuid)).toBe(0);
    expect(await sideEffects()).toBe(sideBefore);
    await provesUsable(uuid);
  });

  it("a connection terminated while a command awaits surfaces a clear error and writes nothing", async () => {
    let release!: () => void;
    let pid = 0;
    const entered = new Promise<void>((resolveEntered) => {
      const gate = new Promise<void>((resolve) => (release = resolve));
      const runtime = createPgRuntime(db.pool, {
        definitions: [faultWorkflow],
        commands: {
          work: faultyCommand(db.pool, async (client) => {
            pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
            resolveEntered();
            await gate; // idle in transaction: the connection is cut now
            return { ok: true };
          }),
        },
      });
      void setupAndRun(runtime);
    });
    let outcome: Promise<unknown> = Promise.resolve();
    let uuid = "";
    async function setupAndRun(runtime: ReturnType<typeof createPgRuntime>): Promise<void> {
      uuid = (await runtime.createInstance({ workflowName: "fault" })).uuid;
      outcome = runtime
        .triggerEvent({ workflowInstanceUuid: uuid, eventName: "work" })
        .catch((e: unknown) => e);
    }
    const sideBefore = await sideEffects();
    await entered;
    const before = await instanceRow(db.pool, uuid);
    await terminateBackend(db.pool, pid);
    faults++;
    release();
    const error = (await outcome) as Error;
    expect(error).toBeInstanceOf(Error);
    // pg reports the lost connection on the runtime's next statement (the instance update).
    expect(error.message).toMatch(/terminat|Connection|not queryable/i);
    expect(await instanceRow(db.pool, uuid)).toEqual(before);
    expect(await historyCount(db.pool, uuid)).toBe(0);
    expect(await sideEffects()).toBe(sideBefore);
    await provesUsable(uuid);
  });

  it("a connection terminated during a command's own SQL surfaces the server's error and writes nothing", async () => {
    let pid = 0;
    let sleeping!: () => void;
    const asleep = new Promise<void>((resolve) => (sleeping = resolve));
    const runtime = createPgRuntime(db.pool, {
      definitions: [faultWorkflow],
      commands: {
        work: faultyCommand(db.pool, async (client) => {
          pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
          sleeping();
          await client.query("SELECT pg_sleep(60)");
          return { ok: true };
        }),
      },
    });
    const { uuid } = await runtime.createInstance({ workflowName: "fault" });
    const before = await instanceRow(db.pool, uuid);
    const sideBefore = await sideEffects();
    const outcome = runtime
      .triggerEvent({ workflowInstanceUuid: uuid, eventName: "work" })
      .catch((e: unknown) => e);
    await asleep;
    await terminateBackend(db.pool, pid);
    faults++;
    const error = (await outcome) as Error;
    expect(error.message).toMatch(
      /terminating connection due to administrator command|Connection terminated/,
    );
    expect(await instanceRow(db.pool, uuid)).toEqual(before);
    expect(await historyCount(db.pool, uuid)).toBe(0);
    expect(await sideEffects()).toBe(sideBefore);
    await provesUsable(uuid);
  });

  // Real child process: before the fix, the lost connection was an uncaught 'error' that killed the process.
  // PGlite does not apply: it runs in-process with one embedded connection, no server backend to terminate
  // and no pg client emitting 'error'.
  it("kysely: a connection terminated while a Kysely-owned transaction waits rejects the call, and the next call works", async () => {
    const setup = createPgRuntime(db.pool, {
      definitions: [faultWorkflow],
      commands: { work: workingCommand },
    });
    const { uuid } = await setup.createInstance({ workflowName: "fault" });
    const before = await instanceRow(db.pool, uuid);
    const sideBefore = await sideEffects();

    const worker = forkWorker<KyselyDisconnectMessage>("kysely-disconnect-worker");
    const start: KyselyDisconnectStart = { type: "start", url: db.database.url, uuid };
    worker.send(start);
    const inside = await worker.next((m) => m.type !== "failed" && m.type !== "recovered");
    expect(inside.type).toBe("inside");
    await terminateBackend(db.pool, (inside as { pid: number }).pid);
    faults++;

    const failed = await worker.next((m) => m.type !== "inside");
    expect(failed.type).toBe("failed");
    expect((failed as { message: string }).message).toMatch(/terminat|Connection|not queryable/i);
    const recovered = await worker.next((m) => m.type !== "inside");
    expect(recovered).toEqual({ type: "recovered", state: "done" });
    expect(await worker.exited).toEqual({ code: 0, signal: null });

    // The interrupted transition wrote nothing: one history row and one version step, both from the retry.
    expect(await instanceRow(db.pool, uuid)).toMatchObject({
      current_state: "done",
      version: (before.version as number) + 1,
      context_json: { attempt: 2 },
    });
    expect(await historyCount(db.pool, uuid)).toBe(1);
    expect(await sideEffects()).toBe(sideBefore);
  });
});
