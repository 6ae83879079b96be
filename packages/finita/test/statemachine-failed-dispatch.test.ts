import { Dispatcher, LockAdapterMutex, Process, State, Statemachine, Transition } from "../src/index.js";
import type { LockAdapterInterface } from "../src/index.js";

class RecordingLockAdapter implements LockAdapterInterface {
  readonly held = new Set<string>();
  acquireLock(resource: string): boolean {
    if (this.held.has(resource)) {
      return false;
    }
    this.held.add(resource);
    return true;
  }
  releaseLock(resource: string): boolean {
    return this.held.delete(resource);
  }
  isLocked(resource: string): boolean {
    return this.held.has(resource);
  }
}

const build = () => {
  const a = new State("a");
  const b = new State("b");
  a.addTransition(new Transition(b, "go"));
  b.addTransition(new Transition(a, "back"));
  return { a, b, process: new Process("p", a) };
};

describe("Statemachine after a manual dispatch whose invoke rejects", () => {
  it("fails the next call once, releases the lock, clears the stale dispatch and then works", async () => {
    const { a, process } = build();
    let failures = 1;
    a.getEvent("go").attach({
      update: () => {
        if (failures > 0) {
          failures--;
          throw new Error("observer failed");
        }
      },
    });
    const adapter = new RecordingLockAdapter();
    const sm = new Statemachine({}, process, null, null, new LockAdapterMutex(adapter, "order-1"));

    const dispatcher = new Dispatcher();
    await sm.dispatchEvent(dispatcher, "go");
    await expect(dispatcher.invoke()).rejects.toThrow("observer failed");
    expect(adapter.isLocked("order-1")).toBe(true);

    await expect(sm.triggerEvent("go")).rejects.toThrow("Event dispatching is still running!");
    expect(adapter.isLocked("order-1")).toBe(false);
    expect(sm.isLockAcquired()).toBe(false);
    expect(sm.getCurrentContext()).toBeNull();

    await sm.triggerEvent("go");
    expect(sm.getCurrentState().getName()).toBe("b");
    expect(adapter.isLocked("order-1")).toBe(false);
  });

  it("keeps an in-flight triggerEvent intact when a concurrent call is rejected", async () => {
    const { a, process } = build();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const observerEntered = new Promise<void>((resolve) => (entered = resolve));
    a.getEvent("go").attach({
      update: () => {
        entered();
        return gate;
      },
    });
    const adapter = new RecordingLockAdapter();
    const sm = new Statemachine({}, process, null, null, new LockAdapterMutex(adapter, "order-2"));

    const first = sm.triggerEvent("go");
    await observerEntered;
    try {
      await expect(sm.triggerEvent("go")).rejects.toThrow("Event dispatching is still running!");
      expect(adapter.isLocked("order-2")).toBe(true);
    } finally {
      release();
    }
    await first;
    expect(sm.getCurrentState().getName()).toBe("b");
    expect(adapter.isLocked("order-2")).toBe(false);
  });
});
