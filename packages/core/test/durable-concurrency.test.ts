import { describe, expect, it, vi } from "vitest";
import { createDurableHarness, deferred, until } from "./support/durable-harness.js";
import { orderWorkflow } from "./support/durable-workflows.js";

async function setup(durableExecution = { leaseDurationMs: 30_000, maxAttempts: 10 }) {
  const h = createDurableHarness({ definitions: [orderWorkflow], durableExecution });
  for (const name of ["reserve", "charge", "notify", "audit", "touch"]) h.command(name);
  const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
  const enqueue = (eventName: string, key = eventName) =>
    h.runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName, idempotencyKey: key });
  return { ...h, uuid, enqueue };
}

describe("crash recovery", () => {
  it("resumes from the last checkpoint without re-running completed commands", async () => {
    const h = await setup();
    h.behave("reserve", (_s, ctx) => {
      ctx.context.reservation = "R-1";
      return { ok: true };
    });
    const seen: unknown[] = [];
    const hang = deferred<never>();
    let crashed = false;
    h.behave("charge", (_s, ctx) => {
      seen.push(ctx.context.reservation);
      if (!crashed) {
        crashed = true;
        return hang.promise; // worker a "dies" mid-command: it never finishes
      }
      return { ok: true };
    });
    const execution = await h.enqueue("Ship");
    expect((await h.a.processPendingExecutions()).progressed).toEqual([execution.uuid]);
    void h.a.processPendingExecutions();
    await until(() => crashed);
    expect((await h.b.processPendingExecutions()).processed).toBe(0);
    h.clock.advance(30_000);
    const resumed = await h.b.processPendingExecutions();
    expect(resumed.progressed).toEqual([execution.uuid]);
    await h.b.processPendingExecutions();
    await h.b.processPendingExecutions();
    const done = (await h.b.getExecution(execution.uuid))!;
    expect(done.status).toBe("completed");
    expect(h.callsOf("reserve")).toHaveLength(1);
    expect(h.callsOf("charge").map((c) => [c.ctx.durable!.commandId, c.ctx.durable!.attempt])).toEqual([
      ["1", 1],
      ["1", 2],
    ]);
    expect(seen).toEqual(["R-1", "R-1"]);
    expect((await h.b.getInstance(h.uuid))!.context.reservation).toBe("R-1");
  });

  it("retries the whole checkpoint when it fails to commit, keeping the instance untouched", async () => {
    const h = await setup();
    const execution = await h.enqueue("Poke");
    const append = vi.spyOn(h.persistence.historyStore, "append").mockRejectedValueOnce(new Error("db down"));
    expect((await h.runtime.processPendingExecutions()).retrying).toEqual([execution.uuid]);
    append.mockRestore();
    const failed = (await h.runtime.getExecution(execution.uuid))!;
    expect(failed.journal).toEqual([]);
    expect(failed.lastError).toBe("db down");
    expect((await h.runtime.getInstance(h.uuid))!.version).toBe(0);
    h.clock.advance(1000);
    expect((await h.runtime.processPendingExecutions()).completed).toEqual([execution.uuid]);
    expect((await h.runtime.getInstance(h.uuid))!.version).toBe(1);
  });
});

describe("racing workers", () => {
  const raceSetup = async (batchClaim: boolean) => {
    const h = createDurableHarness({ definitions: [orderWorkflow] });
    // Without the batch claim the workers fall back to reading findDue and claiming one by one.
    if (!batchClaim) delete (h.executionStore as { claimDue?: unknown }).claimDue;
    for (const name of ["reserve", "charge", "notify", "audit"]) h.command(name);
    h.command("touch", async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return { ok: true };
    });
    const executions: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
      executions.push(
        (await h.runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Poke", idempotencyKey: "k" }))
          .uuid,
      );
    }
    const [first, second] = await Promise.all([
      h.a.processPendingExecutions(),
      h.b.processPendingExecutions(),
    ]);
    expect(h.callsOf("touch")).toHaveLength(6);
    expect(new Set(h.callsOf("touch").map((c) => c.ctx.durable!.executionUuid)).size).toBe(6);
    expect([...first.completed, ...second.completed].sort()).toEqual([...executions].sort());
    expect(first.processed + second.processed).toBe(6);
    for (const uuid of executions) {
      const done = (await h.runtime.getExecution(uuid))!;
      expect(done.status).toBe("completed");
      expect(done.journal).toHaveLength(1);
    }
    return { first, second };
  };

  it("never run one execution twice when claiming one by one", async () => {
    const { first, second } = await raceSetup(false);
    // A worker only skips what the other one claimed, and the race did happen.
    expect(first.skipped.every((uuid) => second.completed.includes(uuid))).toBe(true);
    expect(second.skipped.every((uuid) => first.completed.includes(uuid))).toBe(true);
    expect(first.skipped.length + second.skipped.length).toBeGreaterThan(0);
  });

  it("take disjoint batches with the batch claim (nothing skipped)", async () => {
    const { first, second } = await raceSetup(true);
    expect([...first.skipped, ...second.skipped]).toEqual([]);
    const overlap = first.completed.filter((uuid) => second.completed.includes(uuid));
    expect(overlap).toEqual([]);
  });
});

describe("leases", () => {
  it("hand the work to another worker when they expire mid-command; the first reports skipped", async () => {
    const h = await setup();
    const release = deferred<{ ok: boolean }>();
    let started = false;
    h.behave("touch", (_s, ctx) => {
      if (ctx.durable!.attempt === 1) {
        started = true;
        return release.promise;
      }
      return { ok: true, code: "SECOND" };
    });
    const execution = await h.enqueue("Poke");
    const slow = h.a.processPendingExecutions();
    await until(() => started);
    h.clock.advance(30_000);
    const takeover = await h.b.processPendingExecutions();
    expect(takeover.completed).toEqual([execution.uuid]);
    release.resolve({ ok: true });
    const late = await slow;
    expect(late).toEqual({
      processed: 1,
      completed: [],
      progressed: [],
      retrying: [],
      parked: [],
      skipped: [execution.uuid],
      failed: [],
    });
    const done = (await h.runtime.getExecution(execution.uuid))!;
    expect(done.journal.map((c) => c.result)).toEqual([{ ok: true, code: "SECOND" }]);
    expect((await h.runtime.getInstance(h.uuid))!.version).toBe(1);
  });

  it("are extended by heartbeat()", async () => {
    const h = await setup();
    const release = deferred<{ ok: boolean }>();
    let beat: (() => Promise<void>) | undefined;
    h.behave("touch", (_s, ctx) => {
      beat = () => ctx.durable!.heartbeat();
      return release.promise;
    });
    const execution = await h.enqueue("Poke");
    const slow = h.a.processPendingExecutions();
    await until(() => beat !== undefined);
    h.clock.advance(20_000);
    await beat!();
    expect((await h.runtime.getExecution(execution.uuid))!.leaseUntil).toBe(
      new Date(h.clock.now().getTime() + 30_000).toISOString(),
    );
    h.clock.advance(20_000);
    expect((await h.b.processPendingExecutions()).processed).toBe(0);
    release.resolve({ ok: true });
    expect((await slow).completed).toEqual([execution.uuid]);
  });

  it("heartbeat throws ExecutionLeaseLostError once the lease is gone", async () => {
    const h = await setup();
    const release = deferred<{ ok: boolean }>();
    let beat: (() => Promise<void>) | undefined;
    h.behave("touch", (_s, ctx) => {
      beat ??= () => ctx.durable!.heartbeat();
      return release.promise;
    });
    await h.enqueue("Poke");
    const slow = h.a.processPendingExecutions();
    await until(() => beat !== undefined);
    h.clock.advance(30_000);
    await expect(beat!()).rejects.toThrow("Durable execution lease expired or changed owner");
    release.resolve({ ok: true });
    expect((await slow).skipped).toHaveLength(1);
  });

  it("park an execution whose lease expired at the attempt limit", async () => {
    const h = await setup({ leaseDurationMs: 1000, maxAttempts: 2 });
    const never = deferred<never>();
    h.behave("touch", () => never.promise);
    const execution = await h.enqueue("Poke");
    void h.a.processPendingExecutions();
    await until(() => h.callsOf("touch").length === 1);
    h.clock.advance(1000);
    void h.b.processPendingExecutions();
    await until(() => h.callsOf("touch").length === 2);
    h.clock.advance(1000);
    const result = await h.a.processPendingExecutions();
    expect(result).toMatchObject({ processed: 1, parked: [execution.uuid] });
    const parked = (await h.runtime.getExecution(execution.uuid))!;
    expect(parked).toMatchObject({
      status: "parked",
      lastError: "Command lease expired at the attempt limit",
      leaseToken: null,
    });
  });
});

describe("batch claims", () => {
  it("renew a lease running low before a late execution starts, and skip one that ran out", async () => {
    const h = createDurableHarness({
      definitions: [orderWorkflow],
      durableExecution: { leaseDurationMs: 1_000, maxAttempts: 10 },
    });
    for (const name of ["reserve", "charge", "notify", "audit"]) h.command(name);
    h.command("touch", () => {
      // Each run takes 600 ms of the batch's time.
      h.clock.advance(600);
      return { ok: true };
    });
    const executions: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
      executions.push(
        (await h.runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Poke", idempotencyKey: "k" }))
          .uuid,
      );
    }
    // Enqueued at the same (simulated) instant: the claim orders them by uuid.
    executions.sort();
    const update = vi.spyOn(h.executionStore, "update");
    const pass = await h.runtime.processPendingExecutions({ limit: 3 });
    // First: started at once (lease until 1000). Second: 400 ms left of 1000 at 600, renewed, run.
    // Third: its lease ended at 1000, the clock reads 1200: not started.
    expect(pass.completed).toEqual(executions.slice(0, 2));
    expect(pass.skipped).toEqual([executions[2]]);
    expect(h.callsOf("touch").map((c) => c.ctx.durable!.executionUuid)).toEqual(executions.slice(0, 2));
    const renewed = update.mock.calls.map(([record]) => record).filter((r) => r.uuid === executions[1]);
    expect(renewed[0]).toMatchObject({ status: "running", leaseUntil: "2030-01-01T00:00:01.600Z" });
    const skipped = (await h.runtime.getExecution(executions[2]!))!;
    expect(skipped).toMatchObject({ status: "running", attempts: 1 });
    const next = await h.b.processPendingExecutions();
    expect(next.completed).toEqual([executions[2]]);
    expect((await h.runtime.getExecution(executions[2]!))!.journal).toHaveLength(1);
  });
});
