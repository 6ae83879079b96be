import {
  LockCanNotBeAcquiredError,
  NullMutex,
  Process,
  State,
  Statemachine,
  Transition,
  WrongEventForStateError,
} from "../src/index.js";
import { rejectionOf, StrictMutex } from "./support/helpers.js";

const build = () => {
  const a = new State("a");
  const b = new State("b");
  a.addTransition(new Transition(b, "go"));
  b.addTransition(new Transition(a, "back"));
  return { a, b, process: new Process("p", a) };
};

describe("Statemachine locking", () => {
  it("acquires and releases the lock exactly once on success", async () => {
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, build().process, null, null, mutex);
    let heldDuringObserver = false;
    sm.attach({ update: () => void (heldDuringObserver = sm.isLockAcquired()) });
    await sm.triggerEvent("go");
    expect(heldDuringObserver).toBe(true);
    expect(mutex.acquireCalls).toBe(1);
    expect(mutex.releaseCalls).toBe(1);
    expect(sm.isLockAcquired()).toBe(false);
  });

  it("releases exactly once when an event observer throws (strict mutex never double released)", async () => {
    const mutex = new StrictMutex();
    const { a, process } = build();
    a.getEvent("go").attach({
      update: () => {
        throw new Error("nope");
      },
    });
    const sm = new Statemachine({}, process, null, null, mutex);
    await expect(sm.triggerEvent("go")).rejects.toThrow("nope");
    expect(mutex.releaseCalls).toBe(1);
    expect(mutex.acquired).toBe(false);
  });

  it("releases exactly once when a machine observer throws", async () => {
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, build().process, null, null, mutex);
    sm.attach({
      update: () => {
        throw new Error("late");
      },
    });
    await expect(sm.triggerEvent("go")).rejects.toThrow(/Exception was thrown/);
    expect(mutex.releaseCalls).toBe(1);
    expect(sm.getCurrentState().getName()).toBe("b");
  });

  it("does not touch the lock for a wrong event", async () => {
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, build().process, null, null, mutex);
    await expect(sm.triggerEvent("back")).rejects.toBeInstanceOf(WrongEventForStateError);
    expect(mutex.acquireCalls).toBe(0);
    expect(mutex.releaseCalls).toBe(0);
  });

  it("releases a manually acquired lock even on the wrong-event path when autorelease is on", async () => {
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, build().process, null, null, mutex);
    expect(await sm.acquireLock()).toBe(true);
    await expect(sm.triggerEvent("back")).rejects.toBeInstanceOf(WrongEventForStateError);
    expect(mutex.acquired).toBe(false);
    expect(mutex.releaseCalls).toBe(1);
  });

  it("throws LockCanNotBeAcquiredError when the mutex refuses", async () => {
    const refusing = new StrictMutex(false);
    const sm = new Statemachine({}, build().process, null, null, refusing);
    const error = await rejectionOf(sm.triggerEvent("go"));
    expect(error).toBeInstanceOf(LockCanNotBeAcquiredError);
    expect(error.message).toBe("Lock can not be acquired!");
    expect(sm.getCurrentState().getName()).toBe("a");
    await expect(sm.checkTransitions()).rejects.toBeInstanceOf(LockCanNotBeAcquiredError);
    expect(refusing.releaseCalls).toBe(0);
  });

  it("returns true from acquireLock without calling the mutex when already held", async () => {
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, build().process, null, null, mutex);
    expect(await sm.acquireLock()).toBe(true);
    expect(await sm.acquireLock()).toBe(true);
    expect(mutex.acquireCalls).toBe(1);
    await sm.releaseLock();
    expect(sm.isLockAcquired()).toBe(false);
  });

  it("holds the lock across operations when autorelease is off", async () => {
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, build().process, null, null, mutex);
    sm.setAutoreleaseLock(false);
    expect(sm.isAutoreleaseLock()).toBe(false);
    await sm.triggerEvent("go");
    await sm.triggerEvent("back");
    await sm.checkTransitions();
    expect(mutex.acquireCalls).toBe(1);
    expect(mutex.releaseCalls).toBe(0);
    expect(sm.isLockAcquired()).toBe(true);
    await sm.releaseLock();
    expect(mutex.acquired).toBe(false);
  });

  it("releases after checkTransitions, also when it throws", async () => {
    const s = new State("s");
    s.addTransition(new Transition(new State("t")));
    const mutex = new StrictMutex();
    const sm = new Statemachine({}, new Process("p", s), null, null, mutex);
    sm.attach({
      update: () => {
        throw new Error("x");
      },
    });
    await expect(sm.checkTransitions()).rejects.toThrow();
    expect(mutex.releaseCalls).toBe(1);
    const ok = new Statemachine({}, new Process("p", s), null, null, new StrictMutex());
    await ok.checkTransitions();
    expect(ok.isLockAcquired()).toBe(false);
  });

  it("uses a NullMutex by default", async () => {
    const sm = new Statemachine({}, build().process);
    expect(await sm.acquireLock()).toBe(true);
    expect(sm.isLockAcquired()).toBe(true);
    await sm.releaseLock();
    expect(sm.isLockAcquired()).toBe(false);
    expect(new NullMutex().isLocked()).toBe(false);
  });
});
