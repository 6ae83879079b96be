import { LockAdapterMutex, MutexFactory, NullMutex, type LockAdapterInterface } from "../src/index.js";

const adapter = (result = true) => {
  const locks = new Set<string>();
  const mock = {
    acquireLock: vi.fn(async (name: string) => {
      if (result) locks.add(name);
      return result;
    }),
    releaseLock: vi.fn((name: string) => locks.delete(name)),
    isLocked: vi.fn((name: string) => locks.has(name)),
  } satisfies LockAdapterInterface;
  return mock;
};

describe("NullMutex", () => {
  it("tracks a local flag synchronously and is never locked", () => {
    const m = new NullMutex();
    expect(m.isAcquired()).toBe(false);
    expect(m.acquireLock()).toBe(true);
    expect(m.isAcquired()).toBe(true);
    expect(m.isLocked()).toBe(false);
    expect(m.releaseLock()).toBe(true);
    expect(m.isAcquired()).toBe(false);
  });
});

describe("LockAdapterMutex", () => {
  it("calls the adapter at most once while held", async () => {
    const a = adapter();
    const m = new LockAdapterMutex(a, "order:1");
    expect(await m.acquireLock()).toBe(true);
    expect(await m.acquireLock()).toBe(true);
    expect(a.acquireLock).toHaveBeenCalledTimes(1);
    expect(a.acquireLock).toHaveBeenCalledWith("order:1");
    expect(m.isAcquired()).toBe(true);
    expect(await m.isLocked()).toBe(true);
  });

  it("releases through the adapter only when acquired", async () => {
    const a = adapter();
    const m = new LockAdapterMutex(a, "r");
    expect(await m.releaseLock()).toBe(false);
    expect(a.releaseLock).not.toHaveBeenCalled();
    await m.acquireLock();
    expect(await m.releaseLock()).toBe(true);
    expect(m.isAcquired()).toBe(false);
    expect(await m.isLocked()).toBe(false);
  });

  it("keeps the flag when the adapter refuses to release", async () => {
    const a = adapter();
    a.releaseLock.mockReturnValueOnce(false);
    const m = new LockAdapterMutex(a, "r");
    await m.acquireLock();
    expect(await m.releaseLock()).toBe(false);
    expect(m.isAcquired()).toBe(true);
  });

  it("stays unacquired when the adapter refuses to lock", async () => {
    const m = new LockAdapterMutex(adapter(false), "r");
    expect(await m.acquireLock()).toBe(false);
    expect(m.isAcquired()).toBe(false);
  });
});

describe("MutexFactory", () => {
  it("synchronously creates a LockAdapterMutex named by the converter", async () => {
    const a = adapter();
    const factory = new MutexFactory<{ id: number }>(a, (s) => `order:${s.id}`);
    const m = factory.createMutex({ id: 42 });
    expect(m).toBeInstanceOf(LockAdapterMutex);
    await m.acquireLock();
    expect(a.acquireLock).toHaveBeenCalledWith("order:42");
  });
});
