import type { LockAdapterInterface, MutexFactoryInterface } from "../interfaces/mutex-interface.js";
import { LockAdapterMutex } from "./lock-adapter-mutex.js";

/** Converts a subject to the resource name of its lock. */
export type StringConverter<TSubject = unknown> = (subject: TSubject) => string;

/** Creates a {@link LockAdapterMutex} per subject, named by a {@link StringConverter}. */
export class MutexFactory<TSubject = unknown> implements MutexFactoryInterface<TSubject> {
  constructor(
    private readonly lockAdapter: LockAdapterInterface,
    private readonly stringConverter: StringConverter<TSubject>,
  ) {}

  /** Synchronously returns a new `LockAdapterMutex` for the converted subject. */
  createMutex(subject: TSubject): LockAdapterMutex {
    return new LockAdapterMutex(this.lockAdapter, this.stringConverter(subject));
  }
}
