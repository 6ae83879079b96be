import { describe, expect, it } from "vitest";
import {
  CommandExecutor,
  CommandFailureError,
  InMemoryCommandRegistry,
  OnEnterDepthExceededError,
  OnEnterExecutor,
  type WorkflowDefinition,
  type WorkflowExecutionContext,
} from "@duraflows/core";
import {
  chronologicalHistory,
  collectingObserver,
  createFixture,
  recordingCommand,
} from "./support/runtime-fixture.js";

const chain: WorkflowDefinition = {
  name: "chain",
  initialState: "idle",
  states: {
    idle: { events: { Start: { targetState: "a", commands: [{ name: "start" }] } } },
    a: { context: { at: "a" }, onEnter: { targetState: "b", commands: [{ name: "cmdA" }] } },
    b: {
      context: { at: "b", patchB: true },
      onEnter: { commands: [{ name: "cmdB" }] },
      events: { Again: { targetState: "b" } },
    },
    quiet: { onEnter: {}, events: { Noop: { targetState: "quiet" } } },
  },
};

function ctx(overrides: Partial<WorkflowExecutionContext> = {}): WorkflowExecutionContext {
  return {
    triggerMetadata: {},
    now: new Date(0),
    context: {},
    metadata: {},
    commandMetadata: {},
    fromState: "prev",
    toState: "s1",
    transitionUuid: "entry-uuid",
    ...overrides,
  };
}

describe("onEnter chains in the runtime", () => {
  it("hops write one row each, a stay hop keeps the state, does not re-apply the patch and fires an observer", async () => {
    const cmdB = recordingCommand((c) => {
      c.context.at = "written-by-b";
      return { ok: true };
    });
    const start = recordingCommand();
    const cmdA = recordingCommand();
    const observer = collectingObserver();
    const { runtime } = createFixture({
      definitions: [chain],
      commands: { start, cmdA, cmdB },
      runtime: { observers: [observer] },
    });
    const created = await runtime.createInstance({ workflowName: "chain" });
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Start" });
    expect(result).toMatchObject({ outcome: "success", fromState: "idle", toState: "b" });
    expect(result.commandResults).toHaveLength(3);
    const instance = (await runtime.getInstance(created.uuid))!;
    // onEnter commands run after the patch merge, and the stay hop does not re-apply b's patch.
    expect(instance.context).toEqual({ at: "written-by-b", patchB: true });
    expect(instance.version).toBe(3);
    const rows = await chronologicalHistory(runtime, created.uuid);
    expect(rows.map((r) => [r.fromState, r.eventName, r.toState, r.outcome])).toEqual([
      ["idle", "Start", "a", "success"],
      ["a", "onEnter", "b", "success"],
      ["b", "onEnter", "b", "success"],
    ]);
    const events = observer.events.slice(1);
    expect(events.map((e) => [e.fromState, e.toState, e.triggerEvent])).toEqual([
      ["idle", "a", "Start"],
      ["a", "b", "onEnter"],
      ["b", "b", "onEnter"],
    ]);
    // transitionUuid rules: event commands + first hop share the entry uuid; b's entry gets a new one,
    // shared by b's onEnter commands, its observer event and the stay hop.
    const startCtx = start.calls[0].ctx;
    expect(cmdA.calls[0].ctx.transitionUuid).toBe(startCtx.transitionUuid);
    expect(events[0].transitionUuid).toBe(startCtx.transitionUuid);
    expect(cmdB.calls[0].ctx.transitionUuid).toBe(events[1].transitionUuid);
    expect(events[2].transitionUuid).toBe(events[1].transitionUuid);
    expect(events[1].transitionUuid).not.toBe(startCtx.transitionUuid);
    expect(cmdA.calls[0].ctx).toMatchObject({ fromState: "idle", toState: "a" });
    expect(cmdB.calls[0].ctx).toMatchObject({ fromState: "a", toState: "b" });
  });

  it("an onEnter without commands and target produces no hop", async () => {
    const { runtime } = createFixture({
      definitions: [{ ...chain, initialState: "quiet" }],
      commands: { start: recordingCommand(), cmdA: recordingCommand(), cmdB: recordingCommand() },
    });
    const created = await runtime.createInstance({ workflowName: "chain" });
    expect(created.version).toBe(0);
    await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Noop" });
    expect((await runtime.getHistory(created.uuid)).map((r) => r.eventName)).toEqual(["Noop"]);
  });

  it("a mandatory onEnter failure without errorState rolls back the triggering event", async () => {
    const { runtime } = createFixture({
      definitions: [chain],
      commands: {
        start: recordingCommand(),
        cmdA: recordingCommand({ ok: false, message: "no A" }),
        cmdB: recordingCommand(),
      },
    });
    const created = await runtime.createInstance({ workflowName: "chain" });
    const error = await runtime
      .triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Start" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailureError);
    expect((error as Error).message).toBe(
      `Command "cmdA" failed for event "onEnter" on instance "${created.uuid}": no A`,
    );
    expect(await runtime.getInstance(created.uuid)).toEqual(created);
    expect(await runtime.getHistory(created.uuid)).toEqual([]);
  });

  it("stops chains deeper than maxOnEnterDepth", async () => {
    const deep: WorkflowDefinition = {
      name: "deep",
      initialState: "s0",
      states: {
        s0: { onEnter: { targetState: "s1" } },
        s1: { onEnter: { targetState: "s2" } },
        s2: { onEnter: { targetState: "s3" } },
        s3: {},
      },
    };
    const shallow = createFixture({ definitions: [deep], runtime: { maxOnEnterDepth: 2 } });
    const error = await shallow.runtime.createInstance({ workflowName: "deep" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnEnterDepthExceededError);
    expect((error as Error).message).toMatch(
      /^onEnter chain exceeded maximum depth of 2 at state "s2" for instance "[0-9a-f-]{36}"$/,
    );
    const enough = createFixture({ definitions: [deep], runtime: { maxOnEnterDepth: 3 } });
    expect((await enough.runtime.createInstance({ workflowName: "deep" })).currentState).toBe("s3");
  });
});

describe("OnEnterExecutor", () => {
  const definition: WorkflowDefinition = {
    name: "unit",
    initialState: "s1",
    states: {
      s1: { onEnter: { targetState: "s2", errorState: "err", commands: [{ name: "c1" }] } },
      s2: { onEnter: { commands: [{ name: "c2" }] } },
      err: { onEnter: { targetState: "s2" } },
    },
  };

  function executor(c1Ok: boolean) {
    const registry = new InMemoryCommandRegistry();
    registry.register("c1", { execute: () => ({ ok: c1Ok }) });
    registry.register("c2", { execute: () => ({ ok: true, code: "C2" }) });
    let n = 0;
    return new OnEnterExecutor(new CommandExecutor(registry), () => `uuid-${++n}`);
  }

  it("routes failures to errorState with a fresh uuid, continues, and awaits onHop between hops", async () => {
    const seen: string[] = [];
    const result = await executor(false).executeChain(
      definition,
      "s1",
      "i",
      undefined,
      ctx(),
      10,
      async (hop) => {
        seen.push(`${hop.fromState}->${hop.toState}`);
      },
    );
    expect(result).toEqual({
      finalState: "s2",
      outcome: "failure",
      hops: [
        {
          fromState: "s1",
          toState: "err",
          transitionUuid: "uuid-1",
          outcome: "failure",
          commandResults: [{ ok: false }],
        },
        { fromState: "err", toState: "s2", transitionUuid: "uuid-2", outcome: "success", commandResults: [] },
        {
          fromState: "s2",
          toState: "s2",
          transitionUuid: "uuid-2",
          outcome: "success",
          commandResults: [{ ok: true, code: "C2" }],
        },
      ],
    });
    expect(seen).toEqual(["s1->err", "err->s2", "s2->s2"]);
  });

  it("uses the entry uuid for the first state's commands and succeeds without onHop", async () => {
    const result = await executor(true).executeChain(definition, "s1", "i", undefined, ctx(), 10);
    expect(result.outcome).toBe("success");
    expect(result.hops.map((h) => h.transitionUuid)).toEqual(["uuid-1", "uuid-1"]);
    const none = await executor(true).executeChain(definition, "nowhere", "i", undefined, ctx(), 10);
    expect(none).toEqual({ finalState: "nowhere", outcome: "success", hops: [] });
  });
});
