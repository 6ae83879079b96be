import { InMemoryGuardRegistry, type WorkflowDefinition } from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createPgRuntime } from "../support/pg-runtime.js";
import { createPgTestSchema, type PgTestSchema } from "../support/pg-test-schema.js";

// Command-less timeouts (with a context patch and a follow-up deadline, and a self-transition) beside
// timeouts the set-based statement must leave to the per-instance path (a guard, a command).
const sweepWorkflow: WorkflowDefinition = {
  name: "pg-set-sweep",
  initialState: "waiting",
  states: {
    waiting: { events: { Expire: { targetState: "expired", timeout: { afterMinutes: 1 } } } },
    expired: {
      context: { expired: true, n: 2 },
      events: { Close: { targetState: "closed", timeout: { afterMinutes: 5 } } },
    },
    looping: {
      context: { looped: true },
      events: { Again: { targetState: "looping", timeout: { afterMinutes: 1 } } },
    },
    guarded: {
      events: { Maybe: { targetState: "closed", guard: { name: "never" }, timeout: { afterMinutes: 1 } } },
    },
    commanded: {
      events: { Run: { targetState: "closed", commands: [{ name: "noop" }], timeout: { afterMinutes: 1 } } },
    },
    closed: {},
  },
};

const START = new Date("2030-01-01T00:00:00.000Z");

describe("set-based timeout sweep on @duraflows/pg", () => {
  let env: PgTestSchema;
  let pool: pg.Pool;

  beforeAll(async () => {
    env = await createPgTestSchema("pg-set-sweep", "duraflows_pg_it");
    pool = env.pool;
  });
  beforeEach(async () => {
    await env.truncate();
  });
  afterAll(async () => {
    await env?.drop();
  });

  /** Seeds the same instances, sweeps once and returns everything observable, uuids replaced by labels. */
  async function sweepOnce(setBased: boolean, spyOnScan = false) {
    await env.truncate();
    const clock = new SimulatedClock(START);
    const guardRegistry = new InMemoryGuardRegistry();
    guardRegistry.register("never", { name: "never", evaluate: () => false });
    const { runtime, events, provider } = createPgRuntime(pool, {
      definitions: [sweepWorkflow],
      clock,
      commands: { noop: { execute: () => ({ ok: true }) } },
      runtime: { guardRegistry },
    });
    if (!setBased) {
      (provider.instanceStore as { sweepCommandlessTimeouts?: unknown }).sweepCommandlessTimeouts = undefined;
    }
    // A spy on the scan (as a test of the published API would install) must still see every sweep.
    const scan = spyOnScan ? vi.spyOn(provider.instanceStore, "findExpired") : undefined;
    const labels = new Map<string, string>();
    const seed = async (label: string, state: string, context: Record<string, unknown>) => {
      const created = await runtime.createInstance({ workflowName: "pg-set-sweep", context });
      if (state !== "waiting") {
        // Rest in `state` with a deadline due at the same time as the others.
        await pool.query(
          `UPDATE workflow_instances SET current_state = $2, expires_at = $3 WHERE uuid = $1`,
          [created.uuid, state, new Date(START.getTime() + 60_000)],
        );
      }
      labels.set(created.uuid, label);
    };
    await seed("a", "waiting", { n: 1, keep: "x" });
    await seed("b", "waiting", { nested: { deep: [1, 2] } });
    await seed("loop", "looping", { looped: false, other: 1 });
    await seed("guard", "guarded", {});
    await seed("cmd", "commanded", {});
    clock.advanceMinutes(2);
    const query = vi.spyOn(pool, "query");
    const result = await runtime.processExpiredWorkflows({ limit: 10 });
    const setStatements = query.mock.calls.filter(
      ([config]) =>
        typeof config === "object" &&
        config !== null &&
        (config as { name?: string }).name === "duraflows_sweep_commandless_timeouts",
    ).length;
    query.mockRestore();
    const label = (uuid: string) => labels.get(uuid) ?? uuid;
    const { rows: instances } = await pool.query(
      `SELECT uuid, current_state, version, definition_version, expires_at, last_transition_at, updated_at,
         context_json, timeout_attempts, timeout_retry_at, timeout_last_error, timeout_parked_at
       FROM workflow_instances`,
    );
    const { rows: history } = await pool.query(
      `SELECT workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
         command_results_json, trigger_metadata_json, definition_version
       FROM workflow_history WHERE event_name <> 'create' AND from_state IS NOT NULL`,
    );
    const byLabel = <T extends Record<string, unknown>>(rows: T[], key: string) =>
      rows
        .map((row) => ({ ...row, [key]: label(row[key] as string) }))
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    return {
      setStatements,
      scans: scan?.mock.calls.length,
      result,
      instances: byLabel(instances, "uuid"),
      history: byLabel(history, "workflow_instance_uuid"),
      events: events
        .filter((event) => event.fromState !== null)
        .map((event) => ({
          instance: label(event.instanceUuid),
          fromState: event.fromState,
          toState: event.toState,
          triggerEvent: event.triggerEvent,
          triggerMetadata: event.triggerMetadata,
          context: event.context,
          occurredAt: event.occurredAt,
        }))
        .sort((x, y) => x.instance.localeCompare(y.instance)),
    };
  }

  it("moves command-less timeouts in one statement with the batch path's exact results", async () => {
    const batch = await sweepOnce(false);
    const set = await sweepOnce(true);
    expect(batch.setStatements).toBe(0);
    expect(set.setStatements).toBe(1);
    expect(set.result).toEqual(batch.result);
    expect(set.result).toMatchObject({ processed: 4, rejected: 1, failed: [] });
    expect(set.instances).toEqual(batch.instances);
    expect(set.history).toEqual(batch.history);
    expect(set.events).toEqual(batch.events);
    expect(set.instances.find((row) => row.uuid === "a")).toMatchObject({
      current_state: "expired",
      version: 1,
      context_json: { n: 2, keep: "x", expired: true },
      expires_at: new Date(START.getTime() + 120_000 + 300_000),
      timeout_attempts: 0,
    });
  });

  it("keeps the batch path, and its results, when the scan is spied on or wrapped", async () => {
    const batch = await sweepOnce(false);
    const spied = await sweepOnce(true, true);
    expect(spied.setStatements).toBe(0);
    expect(spied.scans).toBeGreaterThan(0);
    expect(spied.result).toEqual(batch.result);
    expect(spied.instances).toEqual(batch.instances);
  });

  it("skips the scan transaction only when the statement saw no due instance outside its rules", async () => {
    const clock = new SimulatedClock(START);
    const { runtime, provider } = createPgRuntime(pool, { definitions: [sweepWorkflow], clock });
    const a = await runtime.createInstance({ workflowName: "pg-set-sweep" });
    const b = await runtime.createInstance({ workflowName: "pg-set-sweep" });
    const stale = await runtime.createInstance({ workflowName: "pg-set-sweep" });
    // A deadline left on a state without a timeout event: no rule covers it, only the scan clears it.
    await pool.query(`UPDATE workflow_instances SET current_state = 'closed' WHERE uuid = $1`, [stale.uuid]);
    clock.advanceMinutes(2);
    // The scan (and only it, in this runtime: the statement commits on its own) runs in a transaction.
    const transactions = vi.spyOn(provider.transactionRunner, "runInTransaction");
    try {
      const mixed = await runtime.processExpiredWorkflows({ limit: 10 });
      expect(mixed).toMatchObject({ processed: 2, rejected: 0, failed: [] });
      expect(transactions).toHaveBeenCalled();
      const { rows } = await pool.query(`SELECT expires_at FROM workflow_instances WHERE uuid = $1`, [
        stale.uuid,
      ]);
      expect(rows[0].expires_at).toBeNull();

      // Due again after their own deadlines (5 minutes in "expired"): only covered rows are due.
      clock.advanceMinutes(10);
      transactions.mockClear();
      const covered = await runtime.processExpiredWorkflows({ limit: 10 });
      expect(covered).toMatchObject({ processed: 2, rejected: 0, failed: [] });
      const idle = await runtime.processExpiredWorkflows({ limit: 10 });
      expect(idle).toMatchObject({ processed: 0, rejected: 0, failed: [] });
      expect(transactions).not.toHaveBeenCalled();
      const states = await pool.query(
        `SELECT current_state FROM workflow_instances WHERE uuid = ANY($1) ORDER BY current_state`,
        [[a.uuid, b.uuid]],
      );
      expect(states.rows.map((row) => row.current_state)).toEqual(["closed", "closed"]);

      // A full batch does not check, and the scan is not needed: what is left of `limit` is nothing.
      await pool.query(
        `UPDATE workflow_instances SET current_state = 'waiting', expires_at = $2, version = version + 1
         WHERE uuid = ANY($1)`,
        [[a.uuid, b.uuid], clock.now()],
      );
      clock.advanceMinutes(1);
      const full = await runtime.processExpiredWorkflows({ limit: 2 });
      expect(full).toMatchObject({ processed: 2 });
      expect(transactions).not.toHaveBeenCalled();
    } finally {
      transactions.mockRestore();
    }
  });

  it("returns each moved instance as a read returns it, with the rule's event", async () => {
    const clock = new SimulatedClock(START);
    const { runtime, provider } = createPgRuntime(pool, { definitions: [sweepWorkflow], clock });
    const created = await runtime.createInstance({
      workflowName: "pg-set-sweep",
      context: { n: 1 },
      metadata: { tenant: "t1", nested: { x: [1] } },
    });
    // A created_at with microseconds: the read drops the fraction below a millisecond, and so must the sweep.
    await pool.query(
      `UPDATE workflow_instances SET created_at = '2029-12-31 23:59:59.123987+00' WHERE uuid = $1`,
      [created.uuid],
    );
    clock.advanceMinutes(2);
    const now = clock.now();
    const store = provider.instanceStore;
    const result = await store.sweepCommandlessTimeouts!({
      rules: [
        {
          workflowName: "pg-set-sweep",
          definitionVersion: 1,
          fromState: "waiting",
          eventName: "Expire",
          toState: "expired",
          patch: { expired: true },
          expiresAt: new Date(now.getTime() + 300_000),
        },
      ],
      limit: 5,
      now,
      triggerMetadata: { source: "timeout" },
    });
    expect(result.uncoveredDue).toBe(false);
    expect(result.swept).toHaveLength(1);
    const [moved] = result.swept;
    expect(moved.fromState).toBe("waiting");
    expect(moved.eventName).toBe("Expire");
    expect(moved.instance).toEqual(await store.findByUuid(created.uuid));
    expect(moved.instance.createdAt.toISOString()).toBe("2029-12-31T23:59:59.123Z");
  });
});
