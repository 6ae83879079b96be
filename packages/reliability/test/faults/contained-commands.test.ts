import { setTimeout as sleep } from "node:timers/promises";
import { WorkflowError, type CommandResult } from "@duraflows/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordFigures } from "../support/figures.js";
import { faultWorkflow, faultyCommand, SIDE_EFFECTS_DDL } from "../support/fault-workflow.js";
import {
  createReliabilityDatabase,
  historyCount,
  instanceRow,
  type ReliabilityDatabase,
} from "../support/pg-database.js";
import { createPgRuntime } from "../support/pg-runtime.js";
import type { PgTransactionRunnerOptions } from "@duraflows/pg";
import type pg from "pg";

/**
 * Commands that throw, hang or return garbage are contained as specified: the transaction rolls back, the caller gets a typed or driver error, nothing is persisted — not the
 * transition, not a history row, not the command's own writes through the transaction client.
 */
describe("faults: commands that throw, hang or return garbage", () => {
  let db: ReliabilityDatabase;
  let faults = 0;

  beforeAll(async () => {
    db = await createReliabilityDatabase("stress-commands");
    await db.pool.query(SIDE_EFFECTS_DDL);
  });

  afterAll(async () => {
    recordFigures({ faultsInjected: faults });
    await db?.database.drop();
  });

  /** Runs `work` with the given fault on a fresh instance and proves nothing was persisted. */
  async function contained(
    fault: (client: pg.PoolClient) => unknown,
    runner: PgTransactionRunnerOptions = {},
    pool: pg.Pool = db.pool,
  ): Promise<Error> {
    const runtime = createPgRuntime(pool, {
      definitions: [faultWorkflow],
      commands: { work: faultyCommand(pool, fault) },
      provider: runner,
    });
    const { uuid } = await runtime.createInstance({ workflowName: "fault", context: { n: 1 } });
    const before = await instanceRow(db.pool, uuid);
    const side = await db.pool.query("SELECT count(*)::int AS n FROM fault_side_effects");
    const error = await runtime
      .triggerEvent({ workflowInstanceUuid: uuid, eventName: "work" })
      .catch((e: unknown) => e);
    faults++;
    expect(error).toBeInstanceOf(Error);
    expect(await instanceRow(db.pool, uuid)).toEqual(before);
    expect(await historyCount(db.pool, uuid)).toBe(0);
    expect((await db.pool.query("SELECT count(*)::int AS n FROM fault_side_effects")).rows).toEqual(
      side.rows,
    );
    return error as Error;
  }

  it("a throwing command: its own error propagates, everything rolls back", async () => {
    const boom = new Error("payment gateway exploded");
    expect(await contained(() => Promise.reject(boom))).toBe(boom);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a string", "ok"],
    ["a number", 42],
    ["{}", {}],
    ['{ ok: "yes" }', { ok: "yes" }],
    ["an array", [true]],
  ])(
    "a command returning %s: WorkflowError('Command must return a CommandResult'), rolled back",
    async (_label, garbage) => {
      const error = await contained(() => garbage);
      expect(error).toBeInstanceOf(WorkflowError);
      expect(error.message).toBe("Command must return a CommandResult");
    },
  );

  it("a result PostgreSQL cannot store (NUL in message, NaN in metadata): InvalidArgumentError, rolled back", async () => {
    const nul = await contained((): CommandResult => ({ ok: true, message: "card\u0000accepted" }));
    expect(nul.name).toBe("InvalidArgumentError");
    expect(nul.message).toMatch(/^commandResults\[0\]\.message must be storable JSON/);
    const nan = await contained((): CommandResult => ({ ok: true, metadata: { amount: Number.NaN } }));
    expect(nan.message).toMatch(/^commandResults\[0\]\.metadata\.amount must be storable JSON/);
  });

  it("a command whose SQL runs past statementTimeoutMs: statement_timeout cancels it, rolled back", async () => {
    const error = await contained((client) => client.query("SELECT pg_sleep(30)"), {
      statementTimeoutMs: 300,
    });
    expect(error.message).toMatch(/canceling statement due to statement timeout/);
    expect((error as Error & { code?: string }).code).toBe("57014");
  });

  it("a row locked by another transaction past lockTimeoutMs: lock_timeout error, rolled back, then it works", async () => {
    const runtime = createPgRuntime(db.pool, {
      definitions: [faultWorkflow],
      commands: { work: { execute: (): CommandResult => ({ ok: true }) } },
      provider: { lockTimeoutMs: 300 },
    });
    const { uuid } = await runtime.createInstance({ workflowName: "fault" });
    const before = await instanceRow(db.pool, uuid);
    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM workflow_instances WHERE uuid = $1 FOR UPDATE", [uuid]);
      const error = await runtime
        .triggerEvent({ workflowInstanceUuid: uuid, eventName: "work" })
        .catch((e: unknown) => e);
      faults++;
      expect((error as Error).message).toMatch(/canceling statement due to lock timeout/);
      expect((error as Error & { code?: string }).code).toBe("55P03");
    } finally {
      await holder.query("COMMIT");
      holder.release();
    }
    expect(await instanceRow(db.pool, uuid)).toEqual(before);
    expect(await historyCount(db.pool, uuid)).toBe(0);
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "work" }),
    ).resolves.toMatchObject({
      toState: "done",
    });
  });

  it("a command hanging in JavaScript (no SQL running): bounded by idle_in_transaction_session_timeout", async () => {
    // statement_timeout only bounds SQL statements; a command awaiting forever keeps its transaction open.
    // PostgreSQL's idle_in_transaction_session_timeout (here set on the pool's sessions) is the backstop: the
    // server ends the session and the runtime's next statement fails — still nothing persisted.
    const pool = db.database.createPool({ options: "-c idle_in_transaction_session_timeout=300" });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const error = await contained(
        async () => {
          await sleep(1_500);
          return { ok: true };
        },
        {},
        pool,
      );
      expect(error.message).toMatch(/idle-in-transaction|terminat|not queryable|Connection/i);
    } finally {
      warn.mockRestore();
    }
  });
});
