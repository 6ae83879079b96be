import type { MutexInterface } from "../interfaces/mutex-interface.js";

/** The default mutex: never blocks and only tracks a local "acquired" flag (synchronously). */
export class NullMutex implements MutexInterface {
  private acquired = false;

  /** Marks the mutex acquired and returns `true`. */
  acquireLock(): boolean {
    this.acquired = true;
    return true;
  }

  /** Clears the acquired flag and returns `true`. */
  releaseLock(): boolean {
    this.acquired = false;
    return true;
  }

  /** Reports the local flag. */
  isAcquired(): boolean {
    return this.acquired;
  }

  /** Always `false`: nothing is ever locked. */
  isLocked(): boolean {
    return false;
  }
}
