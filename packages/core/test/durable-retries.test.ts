import { describe, expect, it, vi } from "vitest";
import { createDurableHarness } from "./support/durable-harness.js";
import { orderWorkflow } from "./support/durable-workflows.js";

async function setup(durableExecution = { initialDelayMs: 1000, maxDelayMs: 5000, maxAttempts: 4 }) {
  const h = createDurableHarness({ definitions: [orderWorkflow], durableExecution });
  for (const name of ["reserve", "charge", "notify", "audit", "touch"]) h.command(name);
  const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
  const enqueue = (eventName: string, key = eventName) =>
    h.runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName, idempotencyKey: key });
  return { ...h, uuid, enqueue };
}

describe("thrown errors", () => {
  it("back off exponentially with a sanitized lastError, then park at maxAttempts", async () => {
    const h = await setup();
    let calls = 0;
    h.behave("touch", () => {
      calls++;
      throw new Error(`boom\u0000${"x".repeat(3000)}`);
    });
    const execution = await h.enqueue("Poke");
    const waits: number[] = [];
    const statuses: string[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const result = await h.runtime.processPendingExecutions();
      const record = (await h.runtime.getExecution(execution.uuid))!;
      statuses.push(record.status);
      expect(record.attempts).toBe(attempt);
      expect(record.lastError).toBe(`boom\uFFFD${"x".repeat(1995)}`);
      expect(record.leaseToken).toBeNull();
      expect(result[attempt < 4 ? "retrying" : "parked"]).toEqual([execution.uuid]);
      const wait = Date.parse(record.availableAt) - h.clock.now().getTime();
      waits.push(wait);
      if (attempt < 4) {
        h.clock.advance(wait - 1);
        expect((await h.runtime.processPendingExecutions()).processed).toBe(0);
        h.clock.advance(1);
      }
    }
    expect(waits).toEqual([1000, 2000, 4000, 5000]);
    expect(statuses).toEqual(["pending", "pending", "pending", "parked"]);
    expect(calls).toBe(4);
    h.clock.advance(60_000);
    expect((await h.runtime.processPendingExecutions()).processed).toBe(0);
    expect((await h.runtime.getInstance(h.uuid))!.version).toBe(0);
  });

  it("count attempts in ctx.durable.attempt and the checkpoint", async () => {
    const h = await setup();
    h.behave("touch", (_subject, ctx) => {
      if (ctx.durable!.attempt === 1) throw new Error("transient");
      return { ok: true };
    });
    const execution = await h.enqueue("Poke");
    expect((await h.runtime.processPendingExecutions()).retrying).toEqual([execution.uuid]);
    h.clock.advance(1000);
    expect((await h.runtime.processPendingExecutions()).completed).toEqual([execution.uuid]);
    const done = (await h.runtime.getExecution(execution.uuid))!;
    expect(h.callsOf("touch").map((c) => c.ctx.durable!.attempt)).toEqual([1, 2]);
    expect(done.journal[0].attempts).toBe(2);
    expect(done.attempts).toBe(0);
    expect(done.lastError).toBeNull();
  });

  it("treat a mandatory non-CommandResult as a thrown error", async () => {
    const h = await setup();
    h.behave("touch", () => "done" as never);
    const execution = await h.enqueue("Poke");
    expect((await h.runtime.processPendingExecutions()).retrying).toEqual([execution.uuid]);
    const record = (await h.runtime.getExecution(execution.uuid))!;
    expect(record.lastError).toBe("Command must return a CommandResult");
    expect(record.journal).toEqual([]);
  });

  it("retry an unregistered command at run time", async () => {
    const h = await setup();
    const execution = await h.enqueue("Poke");
    const registry = h.commandRegistry as unknown as { get(name: string): unknown };
    const spy = vi.spyOn(registry, "get").mockImplementation(() => {
      throw new Error('Command "touch" not found in registry');
    });
    expect((await h.runtime.processPendingExecutions()).retrying).toEqual([execution.uuid]);
    spy.mockRestore();
    expect((await h.runtime.getExecution(execution.uuid))!.lastError).toBe(
      'Command "touch" not found in registry',
    );
  });
});

describe("best-effort commands", () => {
  it("record a throw as BEST_EFFORT_THROWN without an error field and continue", async () => {
    const h = createDurableHarness({ definitions: [orderWorkflow] });
    for (const name of ["reserve", "charge", "notify", "audit"]) h.command(name);
    h.command(
      "touch",
      () => {
        throw new Error("flaky\uD800");
      },
      { bestEffort: true },
    );
    const { uuid } = await h.runtime.createInstance({ workflowName: "order" });
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Poke",
      idempotencyKey: "k",
    });
    expect(execution.bestEffortCommands).toEqual(["touch"]);
    expect((await h.runtime.processPendingExecutions()).completed).toEqual([execution.uuid]);
    const done = (await h.runtime.getExecution(execution.uuid))!;
    expect(done.journal[0].result).toEqual({ ok: false, code: "BEST_EFFORT_THROWN", message: "flaky\uFFFD" });
    expect(done.result!.outcome).toBe("success");
  });

  it("keep going after ok:false and convert a non-CommandResult", async () => {
    const h = createDurableHarness({
      definitions: [
        {
          name: "be",
          initialState: "a",
          states: {
            a: {
              events: {
                Go: { targetState: "b", commands: [{ name: "soft" }, { name: "odd" }, { name: "hard" }] },
              },
            },
            b: {},
          },
        },
      ],
    });
    h.command("soft", () => ({ ok: false, code: "SOFT" }), { bestEffort: true });
    h.command("odd", () => 42 as never, { bestEffort: true });
    h.command("hard");
    const { uuid } = await h.runtime.createInstance({ workflowName: "be" });
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Go",
      idempotencyKey: "k",
    });
    for (let pass = 0; pass < 3; pass++) await h.runtime.processPendingExecutions();
    const done = (await h.runtime.getExecution(execution.uuid))!;
    expect(done.result).toMatchObject({
      outcome: "success",
      toState: "b",
      commandResults: [
        { ok: false, code: "SOFT" },
        { ok: false, code: "BEST_EFFORT_THROWN", message: "Command must return a CommandResult" },
        { ok: true },
      ],
    });
  });
});

describe("transactional command refs", () => {
  const definition = {
    name: "tx",
    initialState: "a",
    states: {
      a: {
        events: {
          Go: { targetState: "b", commands: [{ name: "outside" }, { name: "inside", transactional: true }] },
        },
      },
      b: {},
    },
  };

  it("run non-transactional handlers outside any transaction and transactional ones inside the checkpoint", async () => {
    const h = createDurableHarness({ definitions: [definition] });
    const runner = h.persistence.transactionRunner;
    const active: Record<string, boolean> = {};
    h.command("outside", () => ((active.outside = runner.isTransactionActive()), { ok: true }));
    h.command("inside", () => ((active.inside = runner.isTransactionActive()), { ok: true }));
    const { uuid } = await h.runtime.createInstance({ workflowName: "tx" });
    await h.runtime.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Go", idempotencyKey: "k" });
    await h.runtime.processPendingExecutions();
    await h.runtime.processPendingExecutions();
    expect(active).toEqual({ outside: false, inside: true });
  });

  it("roll a transactional handler's writes back when it throws", async () => {
    const h = createDurableHarness({ definitions: [definition] });
    h.command("outside");
    let first = true;
    h.command("inside", async (_s, ctx) => {
      // A write in the worker's transaction: the same runner, so it commits or rolls back with the checkpoint.
      await h.persistence.instanceStore.create({
        ...(await h.persistence.instanceStore.findByUuid(uuid))!,
        uuid: `side-${ctx.durable!.attempt}`,
      });
      if (first) {
        first = false;
        throw new Error("after writing");
      }
      return { ok: true };
    });
    const { uuid } = await h.runtime.createInstance({ workflowName: "tx" });
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Go",
      idempotencyKey: "k",
    });
    await h.runtime.processPendingExecutions();
    expect((await h.runtime.processPendingExecutions()).retrying).toEqual([execution.uuid]);
    expect(await h.persistence.instanceStore.findByUuid("side-1")).toBeNull();
    h.clock.advance(1000);
    expect((await h.runtime.processPendingExecutions()).completed).toEqual([execution.uuid]);
    expect(await h.persistence.instanceStore.findByUuid("side-2")).not.toBeNull();
  });
});
