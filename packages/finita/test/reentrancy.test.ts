import {
  CallbackObserver,
  OnEnterObserver,
  Process,
  SetupHelper,
  StateCollection,
  Statemachine,
  type StatemachineInterface,
} from "../src/index.js";
import { StrictMutex } from "./support/helpers.js";

describe("re-entrancy with OnEnterObserver", () => {
  const setup = () => {
    const collection = new StateCollection();
    const helper = new SetupHelper(collection);
    helper.findOrCreateTransition("new", "active", "activate");
    const onEnter = vi.fn();
    helper.addCommandAndSelfTransition("active", "onEnter", new CallbackObserver(onEnter));
    return { collection, onEnter, process: new Process("p", collection.getState("new")) };
  };

  it("triggers onEnter commands of the entered state with the same context", async () => {
    const { process, onEnter } = setup();
    const sm = new Statemachine({ id: 7 }, process);
    sm.attach(new OnEnterObserver());
    const ctx = new Map<string, unknown>([["user", "u1"]]);
    await sm.triggerEvent("activate", ctx);
    expect(onEnter).toHaveBeenCalledTimes(1);
    expect(onEnter).toHaveBeenCalledWith({ id: 7 }, ctx);
    expect(sm.getCurrentState().getName()).toBe("active");
  });

  it("keeps the lock during the nested trigger and releases it once afterwards", async () => {
    const { process } = setup();
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, process, null, null, mutex);
    sm.attach(new OnEnterObserver());
    await sm.triggerEvent("activate");
    expect(mutex.acquireCalls).toBe(1);
    expect(mutex.releaseCalls).toBe(1);
    expect(sm.isAutoreleaseLock()).toBe(true);
  });

  it("clears the context for observers attached after the OnEnterObserver but keeps lastState", async () => {
    const { process } = setup();
    const sm = new Statemachine({}, process);
    const seen: { ctx: unknown; last: string | undefined }[] = [];
    const probe = {
      update: (s: unknown) => {
        const m = s as StatemachineInterface;
        seen.push({ ctx: m.getCurrentContext(), last: m.getLastState()?.getName() });
      },
    };
    sm.attach(probe);
    sm.attach(new OnEnterObserver());
    sm.attach({ update: probe.update });
    await sm.triggerEvent("activate", new Map());
    expect(seen[0].ctx).toBeInstanceOf(Map);
    expect(seen[1].ctx).toBeNull();
    expect(seen.map((s) => s.last)).toEqual(["new", "new"]);
  });

  it("chains entries through a custom event name", async () => {
    const collection = new StateCollection();
    const helper = new SetupHelper(collection);
    helper.findOrCreateTransition("start", "initial", "begin");
    helper.findOrCreateTransition("initial", "second", "enter");
    helper.findOrCreateTransition("second", "final", "enter");
    const sm = new Statemachine({}, new Process("p", collection.getState("start")));
    const visited: string[] = [];
    sm.attach({ update: (s) => void visited.push((s as StatemachineInterface).getCurrentState().getName()) });
    sm.attach(new OnEnterObserver("enter"));
    await sm.triggerEvent("begin");
    expect(sm.getCurrentState().getName()).toBe("final");
    expect(visited).toEqual(["initial", "second", "final"]);
  });

  it("does nothing when the state has no entry event", async () => {
    const { process } = setup();
    const sm = new Statemachine({}, process);
    await new OnEnterObserver().update(sm);
    expect(sm.getCurrentState().getName()).toBe("new");
  });

  it("restores autorelease even when the nested call throws", async () => {
    const collection = new StateCollection();
    const helper = new SetupHelper(collection);
    helper.findOrCreateTransition("new", "active", "activate");
    helper.addCommandAndSelfTransition(
      "active",
      "onEnter",
      new CallbackObserver(() => {
        throw new Error("command failed");
      }),
    );
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, new Process("p", collection.getState("new")), null, null, mutex);
    sm.attach(new OnEnterObserver());
    await expect(sm.triggerEvent("activate")).rejects.toThrow(/Exception was thrown/);
    expect(sm.isAutoreleaseLock()).toBe(true);
    expect(mutex.acquired).toBe(false);
    expect(mutex.releaseCalls).toBe(1);
    expect(OnEnterObserver.DEFAULT_EVENT_NAME).toBe("onEnter");
  });

  it("ignores non-machine subjects", async () => {
    await expect(new OnEnterObserver().update({} as never)).resolves.toBeUndefined();
  });
});
