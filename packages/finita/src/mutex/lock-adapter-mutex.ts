import type { LockAdapterInterface, MutexInterface } from "../interfaces/mutex-interface.js";

/** A mutex for one named resource backed by a {@link LockAdapterInterface}. */
export class LockAdapterMutex implements MutexInterface {
  private acquired = false;

  constructor(
    private readonly lockAdapter: LockAdapterInterface,
    private readonly resourceName: string,
  ) {}

  /** Calls the adapter only when not yet acquired, stores its result and returns the acquired flag. */
  async acquireLock(): Promise<boolean> {
    if (!this.acquired) {
      this.acquired = Boolean(await this.lockAdapter.acquireLock(this.resourceName));
    }
    return this.acquired;
  }

  /** Releases through the adapter when acquired (clearing the flag on success); `false` when not held. */
  async releaseLock(): Promise<boolean> {
    if (!this.acquired) {
      return false;
    }
    const released = await this.lockAdapter.releaseLock(this.resourceName);
    if (released) {
      this.acquired = false;
    }
    return released;
  }

  /** Reports the local acquired flag. */
  isAcquired(): boolean {
    return this.acquired;
  }

  /** Asks the adapter whether the resource is locked. */
  async isLocked(): Promise<boolean> {
    return await this.lockAdapter.isLocked(this.resourceName);
  }
}
