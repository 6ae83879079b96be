import { describe, expect, it } from "vitest";
import {
  CommandFailureError,
  InvalidArgumentError,
  InvalidEventError,
  WorkflowError,
  WorkflowInstanceNotFoundError,
  type WorkflowDefinition,
} from "@duraflows/core";
import {
  chronologicalHistory,
  collectingObserver,
  createFixture,
  recordingCommand,
  throwingCommand,
} from "./support/runtime-fixture.js";

const flow: WorkflowDefinition = {
  name: "flow",
  initialState: "open",
  states: {
    open: {
      context: { patched: "open", shared: "patch" },
      onEnter: { commands: [{ name: "enterOpen" }] },
      events: {
        Touch: { commands: [{ name: "touch" }], timeout: { afterMinutes: 30 } },
        Ship: {
          targetState: "shipped",
          errorState: "failed",
          commands: [{ name: "first", metadata: { step: 1 } }, { name: "second" }],
        },
        Strict: { targetState: "shipped", commands: [{ name: "first" }, { name: "second" }] },
        Boom: { targetState: "shipped", commands: [{ name: "boom" }] },
        Chain: { targetState: "relay", commands: [{ name: "bestEffortFail" }] },
      },
    },
    shipped: { context: { patched: "shipped" }, events: { Back: { targetState: "open" } } },
    failed: { events: { Retry: { targetState: "open" } } },
    relay: { onEnter: { targetState: "shipped", errorState: "failed", commands: [{ name: "relayCmd" }] } },
  },
};

function setup(
  overrides: Record<string, ReturnType<typeof recordingCommand> | ReturnType<typeof throwingCommand>> = {},
) {
  const commands = {
    enterOpen: recordingCommand(),
    touch: recordingCommand((ctx) => {
      ctx.context.shared = "command";
      ctx.context.touched = ((ctx.context.touched as number | undefined) ?? 0) + 1;
      return { ok: true, code: "TOUCHED" };
    }),
    first: recordingCommand((ctx) => {
      ctx.context.first = true;
      return { ok: true, code: "FIRST" };
    }),
    second: recordingCommand((ctx) => {
      ctx.context.sawFirst = ctx.context.first;
      return { ok: true, code: "SECOND" };
    }),
    boom: throwingCommand(new Error("kaboom")),
    bestEffortFail: recordingCommand({ ok: false, code: "IGNORED" }, { bestEffort: true }),
    relayCmd: recordingCommand({ ok: true }),
    ...overrides,
  };
  const observer = collectingObserver();
  const fixture = createFixture({ definitions: [flow], commands, runtime: { observers: [observer] } });
  return { ...fixture, observer, cmds: commands };
}

describe("triggerEvent", () => {
  it("a command-only event is a self-transition that re-applies the patch, refreshes timestamps and reruns onEnter", async () => {
    const { runtime, clock, observer, cmds } = setup();
    const created = await runtime.createInstance({ workflowName: "flow" });
    expect(created.version).toBe(1); // the initial "stay" hop of onEnter
    clock.advanceMinutes(10);
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Touch" });
    expect(result).toMatchObject({ outcome: "success", fromState: "open", toState: "open" });
    const instance = (await runtime.getInstance(created.uuid))!;
    expect(instance.version).toBe(3); // event + stay hop
    expect(instance.context).toMatchObject({ shared: "patch", touched: 1, patched: "open" });
    expect(instance.lastTransitionAt).toEqual(clock.now());
    expect(instance.expiresAt).toEqual(new Date(clock.now().getTime() + 30 * 60_000));
    const rows = await chronologicalHistory(runtime, created.uuid);
    expect(rows.map((r) => [r.fromState, r.eventName, r.toState])).toEqual([
      ["open", "onEnter", "open"],
      ["open", "Touch", "open"],
      ["open", "onEnter", "open"],
    ]);
    expect(observer.events.map((e) => e.triggerEvent)).toEqual([null, "onEnter", "Touch", "onEnter"]);
    expect((cmds.enterOpen as ReturnType<typeof recordingCommand>).calls).toHaveLength(2);
  });

  it("state patch wins over command writes on entry; commands share one working context in order", async () => {
    const { runtime, cmds } = setup();
    const created = await runtime.createInstance({ workflowName: "flow" });
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Ship" });
    expect(result.toState).toBe("shipped");
    const instance = (await runtime.getInstance(created.uuid))!;
    expect(instance.context).toMatchObject({ patched: "shipped", first: true, sawFirst: true });
    const ctx = (cmds.first as ReturnType<typeof recordingCommand>).calls[0].ctx;
    expect(ctx.commandMetadata).toEqual({ step: 1 });
    expect(Object.isFrozen(ctx.commandMetadata)).toBe(true);
    expect((cmds.second as ReturnType<typeof recordingCommand>).calls[0].ctx.commandMetadata).toEqual({});
  });

  it("ctx.toState is the declared target even when the transition ends in errorState", async () => {
    const second = recordingCommand({ ok: false, code: "NOPE", message: "warehouse down" });
    const { runtime, cmds } = setup({ second });
    const created = await runtime.createInstance({ workflowName: "flow" });
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Ship" });
    expect(result).toMatchObject({ outcome: "failure", fromState: "open", toState: "failed" });
    const ctx = (cmds.first as ReturnType<typeof recordingCommand>).calls[0].ctx;
    expect(ctx.toState).toBe("shipped");
    expect(ctx.fromState).toBe("open");
    expect(second.calls[0].ctx.toState).toBe("shipped");
    const [row] = await runtime.getHistory(created.uuid, { limit: 1 });
    expect(row).toMatchObject({
      eventName: "Ship",
      toState: "failed",
      outcome: "failure",
      errorMessage: "warehouse down",
    });
  });

  it('errorMessage falls back to the code, then to "Command failed"', async () => {
    for (const [failure, expected] of [
      [{ ok: false, code: "CODE_ONLY" }, "CODE_ONLY"],
      [{ ok: false }, "Command failed"],
    ] as const) {
      const { runtime } = setup({ second: recordingCommand(failure) });
      const created = await runtime.createInstance({ workflowName: "flow" });
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Ship" });
      const [row] = await runtime.getHistory(created.uuid, { limit: 1 });
      expect(row.errorMessage).toBe(expected);
    }
  });

  it("a mandatory failure without errorState throws CommandFailureError and rolls back everything", async () => {
    const second = recordingCommand({ ok: false, code: "NOPE" });
    const { runtime, observer } = setup({ second });
    const created = await runtime.createInstance({ workflowName: "flow" });
    const before = observer.events.length;
    const error = await runtime
      .triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Strict" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailureError);
    expect((error as Error).message).toBe(
      `Command "second" failed for event "Strict" on instance "${created.uuid}": NOPE`,
    );
    expect((error as CommandFailureError).result).toEqual({ ok: false, code: "NOPE" });
    expect((await runtime.getInstance(created.uuid))?.version).toBe(1);
    expect(await runtime.getHistory(created.uuid)).toHaveLength(1);
    expect(observer.events).toHaveLength(before);
  });

  it("a throwing command propagates and leaves no history, no state change", async () => {
    const { runtime } = setup();
    const created = await runtime.createInstance({ workflowName: "flow" });
    await expect(
      runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Boom" }),
    ).rejects.toThrow("kaboom");
    expect(await runtime.getInstance(created.uuid)).toEqual(created);
    expect(await runtime.getHistory(created.uuid)).toHaveLength(1);
  });

  it("outcome is failure when a hop routes to errorState even if later hops succeed; best-effort failures never count", async () => {
    const relayCmd = recordingCommand({ ok: false, code: "RELAY" });
    const { runtime } = setup({ relayCmd });
    const created = await runtime.createInstance({ workflowName: "flow" });
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Chain" });
    expect(result.outcome).toBe("failure");
    expect(result.toState).toBe("failed");
    expect(result.commandResults).toEqual([
      { ok: false, code: "IGNORED" },
      { ok: false, code: "RELAY" },
    ]);
    const rows = await runtime.getHistory(created.uuid);
    expect(rows[0]).toMatchObject({
      eventName: "onEnter",
      fromState: "relay",
      toState: "failed",
      outcome: "failure",
    });
    expect(rows[1]).toMatchObject({ eventName: "Chain", outcome: "success" });

    const ok = setup();
    const second = await ok.runtime.createInstance({ workflowName: "flow" });
    const passed = await ok.runtime.triggerEvent({ workflowInstanceUuid: second.uuid, eventName: "Chain" });
    expect(passed).toMatchObject({ outcome: "success", toState: "shipped" });
  });

  it("historyUuid is the last hop's row, else the event's", async () => {
    const { runtime, persistence } = setup();
    const created = await runtime.createInstance({ workflowName: "flow" });
    const chained = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Chain" });
    expect(chained.historyUuid).toBe(persistence.historyStore.uuidsOf(created.uuid)[0]);
    const back = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Back" });
    // Back lands in "open", whose onEnter stay hop writes the last row.
    expect(back.historyUuid).toBe(persistence.historyStore.uuidsOf(created.uuid)[0]);
    const rows = await runtime.getHistory(created.uuid, { limit: 2 });
    expect(rows.map((r) => r.eventName)).toEqual(["onEnter", "Back"]);
  });

  it("gives commands frozen clones of trigger metadata and instance metadata, the clock's now and the subject", async () => {
    const { runtime, clock, cmds } = setup();
    const created = await runtime.createInstance({ workflowName: "flow", metadata: { tenant: { id: 1 } } });
    const triggerMetadata = { user: { id: "u1" } };
    await runtime.triggerEvent({
      workflowInstanceUuid: created.uuid,
      eventName: "Ship",
      subject: { id: "s" },
      triggerMetadata,
    });
    const call = (cmds.first as ReturnType<typeof recordingCommand>).calls[0];
    expect(call.subject).toEqual({ id: "s" });
    expect(call.ctx.triggerMetadata).toEqual(triggerMetadata);
    expect(call.ctx.triggerMetadata).not.toBe(triggerMetadata);
    expect(Object.isFrozen(call.ctx.triggerMetadata.user)).toBe(true);
    expect(Object.isFrozen(call.ctx.metadata.tenant)).toBe(true);
    expect(() => {
      "use strict";
      (call.ctx.metadata as Record<string, unknown>).x = 1;
    }).toThrow(TypeError);
    expect(call.ctx.now).toEqual(clock.now());
    expect(call.ctx.transitionUuid).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await runtime.getHistory(created.uuid, { limit: 1 });
    expect(row.triggerMetadata).toEqual({ user: { id: "u1" } });
  });

  it("throws WorkflowInstanceNotFoundError and InvalidEventError (own events only)", async () => {
    const { runtime } = setup();
    const created = await runtime.createInstance({ workflowName: "flow" });
    const missing = await runtime
      .triggerEvent({ workflowInstanceUuid: "00000000-0000-4000-8000-000000000000", eventName: "Ship" })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WorkflowInstanceNotFoundError);
    expect((missing as Error).message).toBe(
      'Workflow instance "00000000-0000-4000-8000-000000000000" not found',
    );
    for (const eventName of ["Nope", "toString", "constructor"]) {
      const error = await runtime
        .triggerEvent({ workflowInstanceUuid: created.uuid, eventName })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidEventError);
      expect((error as Error).message).toBe(
        `Event "${eventName}" is not available on state "open" for instance "${created.uuid}"`,
      );
    }
  });

  it("an optimistic-lock conflict in update rolls the transition back", async () => {
    let uuid = "";
    const { runtime, persistence } = setup({
      first: recordingCommand(async () => {
        // Simulates a concurrent writer that bypassed the row lock.
        const row = (await persistence.instanceStore.findByUuid(uuid))!;
        await persistence.instanceStore.update({ ...row, version: row.version + 1 });
        return { ok: true };
      }),
    });
    const created = await runtime.createInstance({ workflowName: "flow" });
    uuid = created.uuid;
    const error = await runtime
      .triggerEvent({ workflowInstanceUuid: uuid, eventName: "Ship" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as Error).message).toBe(
      `Optimistic locking failure: workflow instance "${uuid}" was modified concurrently (expected version 1)`,
    );
    expect((await runtime.getInstance(uuid))?.version).toBe(1);
  });
});

describe("queries", () => {
  it("getAvailableEvents lists the current state's events in order with their shape", async () => {
    const { runtime } = setup();
    const created = await runtime.createInstance({ workflowName: "flow" });
    const events = await runtime.getAvailableEvents({ workflowInstanceUuid: created.uuid });
    expect(events.map((e) => e.eventName)).toEqual(["Touch", "Ship", "Strict", "Boom", "Chain"]);
    expect(events[0]).toEqual({
      eventName: "Touch",
      targetState: undefined,
      errorState: undefined,
      hasCommands: true,
      hasTimeout: true,
      metadata: undefined,
    });
    expect(events[1]).toMatchObject({ targetState: "shipped", errorState: "failed", hasTimeout: false });
    await expect(runtime.getAvailableEvents({ workflowInstanceUuid: "missing" })).rejects.toBeInstanceOf(
      WorkflowInstanceNotFoundError,
    );
  });

  it("getAvailableEvents returns [] in a state without events", async () => {
    const { runtime } = createFixture({
      definitions: [{ name: "tiny", initialState: "only", states: { only: {} } }],
    });
    const created = await runtime.createInstance({ workflowName: "tiny" });
    expect(await runtime.getAvailableEvents({ workflowInstanceUuid: created.uuid })).toEqual([]);
  });

  it("getHistory validates limit and offset and pages newest first", async () => {
    const { runtime } = setup();
    const created = await runtime.createInstance({ workflowName: "flow" });
    await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Ship" });
    await expect(runtime.getHistory(created.uuid, { limit: 0 })).rejects.toThrow(
      new InvalidArgumentError("limit must be a positive integer, got 0"),
    );
    await expect(runtime.getHistory(created.uuid, { offset: -1 })).rejects.toThrow(
      "offset must be a non-negative integer, got -1",
    );
    await expect(runtime.getHistory(created.uuid, { limit: 1.5 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    const page = await runtime.getHistory(created.uuid, { limit: 1, offset: 1 });
    expect(page.map((r) => r.eventName)).toEqual(["onEnter"]);
    expect(page[0].createdAt).toBeInstanceOf(Date);
  });

  it("getInstance returns null for an unknown uuid", async () => {
    const { runtime } = setup();
    expect(await runtime.getInstance("nope")).toBeNull();
  });
});
