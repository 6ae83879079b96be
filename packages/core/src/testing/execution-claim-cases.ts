import { expect, it } from "./vitest-api.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { ExecutionStoreConformanceSetup } from "./execution-store-conformance-setup.js";

const BASE = Date.parse("2030-01-01T00:00:00.000Z");
const at = (offsetMs: number): string => new Date(BASE + offsetMs).toISOString();

type Insert = (overrides?: Partial<DurableWorkflowExecution>) => Promise<DurableWorkflowExecution>;

/** What a successful batch claim must have written: the record leased at `BASE` by a new token. */
function leased(before: DurableWorkflowExecution, token: string | null): DurableWorkflowExecution {
  return {
    ...before,
    status: "running",
    attempts: before.attempts + 1,
    revision: before.revision + 1,
    leaseToken: token,
    leaseUntil: at(before.policy.leaseDurationMs),
    updatedAt: at(0),
  };
}

/**
 * The `claimDue` cases of the execution store conformance suite (each skipped, with the reason printed, when
 * the store does not implement the optional batch claim).
 *
 * @internal
 */
export function executionClaimCases(
  label: string,
  current: () => ExecutionStoreConformanceSetup,
  insert: Insert,
): void {
  const claimDue = (ctx: { skip: () => void }) => {
    const store = current().store;
    if (typeof store.claimDue !== "function") {
      console.info(`[${label}] claimDue is not implemented; case skipped`);
      ctx.skip();
      return undefined;
    }
    return store.claimDue.bind(store);
  };

  it("claimDue leases the due executions in findDue order, each under its own token", async (ctx) => {
    const claim = claimDue(ctx);
    if (!claim) return;
    const store = current().store;
    const pending = await insert({ availableAt: at(-1000) });
    const expired = await insert({
      status: "running",
      attempts: 2,
      revision: 4,
      leaseToken: "old",
      leaseUntil: at(-1),
      availableAt: at(-2000),
    });
    await insert({ availableAt: at(1) });
    await insert({ status: "running", leaseToken: "t", leaseUntil: at(1), availableAt: at(-3000) });
    await insert({ status: "parked", availableAt: at(-4000) });
    await insert({ status: "completed", availableAt: at(-4000) });
    const taken = await claim({ limit: 100, now: new Date(BASE) });
    expect(taken.map((t) => [t.execution.uuid, t.claimed])).toEqual([
      [expired.uuid, true],
      [pending.uuid, true],
    ]);
    const tokens = taken.map((t) => t.execution.leaseToken);
    expect(tokens.every((token) => typeof token === "string" && token.length > 0)).toBe(true);
    expect(new Set([...tokens, "old"]).size).toBe(3);
    expect(taken[0]!.execution).toEqual(leased(expired, tokens[0]!));
    expect(taken[1]!.execution).toEqual(leased(pending, tokens[1]!));
    // Saved as returned (and as an independent copy), so the next claim and findDue see the lease.
    expect(await store.findByUuid(expired.uuid)).toEqual(taken[0]!.execution);
    expect(await store.findByUuid(pending.uuid)).toEqual(taken[1]!.execution);
    taken[0]!.execution.journal.push({
      id: "0",
      name: "x",
      result: { ok: true },
      context: {},
      attempts: 1,
      completedAt: at(0),
    });
    expect((await store.findByUuid(expired.uuid))!.journal).toEqual([]);
    expect(await claim({ limit: 100, now: new Date(BASE) })).toEqual([]);
    expect(await store.findDue(100, new Date(BASE))).toEqual([]);
    // Once the lease ends, the execution is due again and the next claim counts another attempt.
    const later = new Date(BASE + expired.policy.leaseDurationMs);
    const again = await claim({ limit: 100, now: later });
    const reclaimed = again.find((t) => t.execution.uuid === expired.uuid);
    expect([reclaimed?.claimed, reclaimed?.execution.attempts]).toEqual([true, 4]);
  });

  it("claimDue honours the limit and returns unleasable executions unchanged", async (ctx) => {
    const claim = claimDue(ctx);
    if (!claim) return;
    const store = current().store;
    const atLimit = await insert({ attempts: 10, availableAt: at(-400) });
    const changed = await insert({ instanceVersion: 3, availableAt: at(-300) });
    const first = await insert({ availableAt: at(-200) });
    const second = await insert({ availableAt: at(-100) });
    const taken = await claim({ limit: 3, now: new Date(BASE) });
    expect(taken.map((t) => [t.execution.uuid, t.claimed])).toEqual([
      [atLimit.uuid, false],
      [changed.uuid, false],
      [first.uuid, true],
    ]);
    expect(taken[0]!.execution).toEqual(atLimit);
    expect(taken[1]!.execution).toEqual(changed);
    expect(await store.findByUuid(atLimit.uuid)).toEqual(atLimit);
    expect(await store.findByUuid(changed.uuid)).toEqual(changed);
    expect(await store.findByUuid(second.uuid)).toEqual(second);
  });

  it("concurrent claimDue calls never lease one execution twice", async (ctx) => {
    const claim = claimDue(ctx);
    if (!claim) return;
    const inserted: string[] = [];
    for (let i = 0; i < 24; i++) inserted.push((await insert({ availableAt: at(-i) })).uuid);
    const now = new Date(BASE);
    const rounds = await Promise.all(Array.from({ length: 4 }, () => claim({ limit: 8, now })));
    const claimed = rounds.flat().filter((t) => t.claimed);
    const uuids = claimed.map((t) => t.execution.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(new Set(claimed.map((t) => t.execution.leaseToken)).size).toBe(uuids.length);
    const rest = await claim({ limit: 100, now });
    expect([...uuids, ...rest.map((t) => t.execution.uuid)].sort()).toEqual([...inserted].sort());
  });

  it("claimDue passes over executions whose instance another transaction holds", async (ctx) => {
    const claim = claimDue(ctx);
    if (!claim) return;
    const env = current();
    if (!env.withInstanceLock || env.serialTransactions) {
      console.info(
        `[${label}] ${env.withInstanceLock ? "one connection cannot hold a lock beside a claim" : "no withInstanceLock in the harness"}; case skipped`,
      );
      ctx.skip();
      return;
    }
    const held = await insert({ availableAt: at(-200) });
    const free = await insert({ availableAt: at(-100) });
    let release!: () => void;
    let holding!: () => void;
    const locked = new Promise<void>((resolve) => (holding = resolve));
    const holder = env.withInstanceLock(held.workflowInstanceUuid, async () => {
      holding();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await locked;
    try {
      const taken = await claim({ limit: 10, now: new Date(BASE) });
      expect(taken.map((t) => [t.execution.uuid, t.claimed])).toEqual([[free.uuid, true]]);
    } finally {
      release();
      await holder;
    }
    expect(await env.store.findByUuid(held.uuid)).toEqual(held);
    expect((await claim({ limit: 10, now: new Date(BASE) })).map((t) => t.execution.uuid)).toEqual([
      held.uuid,
    ]);
  });
}
