import type { MaybePromise } from "./maybe-promise.js";

/** A lock guarding one state machine's subject. */
export interface MutexInterface {
  /** Tries to acquire the lock and returns whether it succeeded. */
  acquireLock(): MaybePromise<boolean>;
  /** Releases the lock and returns whether it succeeded. */
  releaseLock(): MaybePromise<boolean>;
  /** Reports synchronously whether this mutex instance holds the lock. */
  isAcquired(): boolean;
  /** Reports whether the resource is locked by anyone. */
  isLocked(): MaybePromise<boolean>;
}

/** Creates a mutex for a subject. */
export interface MutexFactoryInterface<TSubject = unknown> {
  /** Creates the mutex for this subject. */
  createMutex(subject: TSubject): MaybePromise<MutexInterface>;
}

/** A lock backend addressed by resource name (Redis, a database, …). */
export interface LockAdapterInterface {
  /** Tries to lock the resource. */
  acquireLock(resourceName: string): MaybePromise<boolean>;
  /** Unlocks the resource. */
  releaseLock(resourceName: string): MaybePromise<boolean>;
  /** Reports whether the resource is locked. */
  isLocked(resourceName: string): MaybePromise<boolean>;
}
