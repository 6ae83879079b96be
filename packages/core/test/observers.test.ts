import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ObserverRegistry,
  type StateEnterEvent,
  type WorkflowDefinition,
  type WorkflowTransactionRunner,
} from "@duraflows/core";
import { collectingObserver, createFixture, recordingCommand } from "./support/runtime-fixture.js";

const event = { instanceUuid: "i-1" } as StateEnterEvent;

const flow: WorkflowDefinition = {
  name: "observed",
  initialState: "new",
  states: {
    new: {
      events: { Go: { targetState: "mid" }, Fail: { targetState: "mid", commands: [{ name: "explode" }] } },
    },
    mid: { context: { at: "mid" }, onEnter: { targetState: "end", commands: [{ name: "write" }] } },
    end: { events: { Restart: { targetState: "new" } } },
  },
};

const commands = {
  write: recordingCommand((ctx) => {
    ctx.context.written = true;
    return { ok: true };
  }),
  explode: {
    execute: () => {
      throw new Error("explode");
    },
  },
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ObserverRegistry", () => {
  it("calls observers in registration order (constructor, then add), awaiting each, skipping those without onEnter", async () => {
    const log: string[] = [];
    const registry = new ObserverRegistry([
      {
        name: "a",
        onEnter: async () => {
          await Promise.resolve();
          log.push("a");
        },
      },
      { name: "silent" },
    ]);
    registry.add({ name: "b", onEnter: () => void log.push("b") });
    await registry.fireOnEnter(event);
    expect(log).toEqual(["a", "b"]);
    expect(registry.size).toBe(3);
  });

  it("logs a failing observer by default and continues", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const log: string[] = [];
    const registry = new ObserverRegistry([
      { name: "bad", onEnter: () => Promise.reject(new Error("observer down")) },
      { name: "good", onEnter: () => void log.push("good") },
    ]);
    await registry.fireOnEnter(event);
    expect(warn).toHaveBeenCalledWith(
      '[duraflows] observer "bad" failed on onEnter for instance i-1: observer down',
    );
    expect(log).toEqual(["good"]);
  });

  it("passes failures to onObserverError; a throwing handler is logged twice and firing continues", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const handled: unknown[] = [];
    const ok = new ObserverRegistry(
      [
        {
          name: "bad",
          onEnter: () => {
            throw "text failure";
          },
        },
      ],
      async (error, observer, e) => {
        handled.push([error, observer, e]);
      },
    );
    await ok.fireOnEnter(event);
    expect(handled).toEqual([["text failure", { name: "bad" }, event]]);
    expect(warn).not.toHaveBeenCalled();

    const log: string[] = [];
    const broken = new ObserverRegistry(
      [
        {
          name: "bad",
          onEnter: () => {
            throw new Error("first");
          },
        },
        { name: "next", onEnter: () => void log.push("next") },
      ],
      () => {
        throw new Error("handler broke");
      },
    );
    await broken.fireOnEnter(event);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      '[duraflows] observer "bad" failed on onEnter for instance i-1: first',
      "[duraflows] onObserverError handler threw while handling the error above: handler broke",
    ]);
    expect(log).toEqual(["next"]);
  });
});

describe("observers in the runtime", () => {
  it("fires after commit, in queue order, with frozen snapshots taken at queue time", async () => {
    const seenStates: string[] = [];
    const observer = collectingObserver();
    const fixture = createFixture({ definitions: [flow], commands, runtime: { observers: [observer] } });
    fixture.runtime.addObserver({
      name: "reader",
      onEnter: async (e) => {
        seenStates.push((await fixture.runtime.getInstance(e.instanceUuid))!.currentState);
      },
    });
    const created = await fixture.runtime.createInstance({ workflowName: "observed" });
    await fixture.runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Go" });
    // Everything is delivered after the commit, so the reader sees the final state every time.
    expect(seenStates).toEqual(["new", "end", "end"]);
    const [, toMid, toEnd] = observer.events;
    expect(toMid).toMatchObject({
      workflowName: "observed",
      fromState: "new",
      toState: "mid",
      state: "mid",
      triggerEvent: "Go",
    });
    expect(toMid.context).toEqual({ at: "mid" });
    expect(toEnd.context).toEqual({ at: "mid", written: true });
    expect(Object.isFrozen(toMid)).toBe(true);
    expect(Object.isFrozen(toMid.context)).toBe(true);
    expect(toMid.occurredAt).toEqual(fixture.clock.now());
  });

  it("failing observers never reject the call or roll back", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const fixture = createFixture({
      definitions: [flow],
      commands,
      runtime: {
        observers: [
          {
            name: "bad",
            onEnter: () => {
              throw new Error("nope");
            },
          },
        ],
      },
    });
    const created = await fixture.runtime.createInstance({ workflowName: "observed" });
    await fixture.runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Go" });
    expect((await fixture.runtime.getInstance(created.uuid))?.currentState).toBe("end");
  });

  it("inside a caller-owned transaction, events wait for the outermost commit and vanish on rollback", async () => {
    const observer = collectingObserver();
    const { runtime, persistence } = createFixture({
      definitions: [flow],
      commands,
      runtime: { observers: [observer] },
    });
    const runner = persistence.transactionRunner;
    const created = await runtime.createInstance({ workflowName: "observed" });
    observer.events.length = 0;

    await runner.runInTransaction(async () => {
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Go" });
      expect(observer.events).toEqual([]);
    });
    expect(observer.events.map((e) => e.toState)).toEqual(["mid", "end"]);

    observer.events.length = 0;
    await expect(
      runner.runInTransaction(async () => {
        await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Restart" });
        throw new Error("caller aborts");
      }),
    ).rejects.toThrow("caller aborts");
    expect(observer.events).toEqual([]);
    expect((await runtime.getInstance(created.uuid))?.currentState).toBe("end");
  });

  it("a failed nested call drops its queued events while the outer transaction commits", async () => {
    const observer = collectingObserver();
    const { runtime, persistence } = createFixture({
      definitions: [flow],
      commands,
      runtime: { observers: [observer] },
    });
    const a = await runtime.createInstance({ workflowName: "observed" });
    const b = await runtime.createInstance({ workflowName: "observed" });
    observer.events.length = 0;
    await persistence.transactionRunner.runInTransaction(async () => {
      await runtime.triggerEvent({ workflowInstanceUuid: a.uuid, eventName: "Go" });
      await expect(runtime.triggerEvent({ workflowInstanceUuid: b.uuid, eventName: "Fail" })).rejects.toThrow(
        "explode",
      );
    });
    expect(observer.events.map((e) => e.instanceUuid)).toEqual([a.uuid, a.uuid]);
  });

  it("without afterCommit support, events fire right after the runtime's own transaction resolves", async () => {
    const observer = collectingObserver();
    const fixture = createFixture({ definitions: [flow], commands });
    const inner = fixture.persistence.transactionRunner;
    const plainRunner: WorkflowTransactionRunner = { runInTransaction: (cb) => inner.runInTransaction(cb) };
    const { WorkflowRuntime } = await import("@duraflows/core");
    const runtime = new WorkflowRuntime({
      ...fixture.options,
      transactionRunner: plainRunner,
      observers: [observer],
    });
    const created = await runtime.createInstance({ workflowName: "observed" });
    await plainRunner.runInTransaction(async () => {
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Go" });
      // Delivered before the enclosing transaction commits: the documented weaker guarantee.
      expect(observer.events.map((e) => e.toState)).toEqual(["new", "mid", "end"]);
    });
  });

  it("an observer added before delivery does not receive entries made while no onEnter observer was registered", async () => {
    const late = collectingObserver("late");
    const { runtime, persistence } = createFixture({ definitions: [flow], commands });
    const created = await runtime.createInstance({ workflowName: "observed" });
    await persistence.transactionRunner.runInTransaction(async () => {
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Go" });
      // The call's entries are made; their delivery waits for this commit. Registering now is too late.
      runtime.addObserver(late);
    });
    expect(late.events).toEqual([]);
    await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Restart" });
    expect(late.events.map((e) => [e.fromState, e.toState, e.triggerEvent])).toEqual([
      ["end", "new", "Restart"],
    ]);
  });

  it("an observer registered before an entry receives it, even when added by a command of the same call", async () => {
    const late = collectingObserver("late");
    const fixture = createFixture({
      definitions: [flow],
      commands: {
        ...commands,
        write: {
          execute: () => {
            fixture.runtime.addObserver(late);
            return { ok: true };
          },
        },
      },
    });
    const created = await fixture.runtime.createInstance({ workflowName: "observed" });
    await fixture.runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Go" });
    // "mid" was entered before the onEnter command subscribed; "end" after.
    expect(late.events.map((e) => e.toState)).toEqual(["end"]);
  });

  it("an observer may call the runtime; it runs in a fresh transaction", async () => {
    const fixture = createFixture({ definitions: [flow], commands });
    fixture.runtime.addObserver({
      name: "auto-restart",
      onEnter: async (e) => {
        if (e.toState === "end" && e.triggerEvent === "onEnter") {
          await fixture.runtime.triggerEvent({ workflowInstanceUuid: e.instanceUuid, eventName: "Restart" });
        }
      },
    });
    const created = await fixture.runtime.createInstance({ workflowName: "observed" });
    await fixture.runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Go" });
    expect((await fixture.runtime.getInstance(created.uuid))?.currentState).toBe("new");
  });
});
