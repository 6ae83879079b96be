import type { LoggerInterface, MutexInterface, ObservableSubject, Observer } from "../../src/index.js";

/** A mutex that throws when released while not held, and counts calls. */
export class StrictMutex implements MutexInterface {
  acquired = false;
  acquireCalls = 0;
  releaseCalls = 0;

  constructor(private readonly grant = true) {}

  acquireLock(): boolean {
    this.acquireCalls++;
    if (this.acquired) {
      throw new Error("already acquired");
    }
    this.acquired = this.grant;
    return this.grant;
  }

  releaseLock(): boolean {
    this.releaseCalls++;
    if (!this.acquired) {
      throw new Error("released while not held");
    }
    this.acquired = false;
    return true;
  }

  isAcquired(): boolean {
    return this.acquired;
  }

  isLocked(): boolean {
    return this.acquired;
  }
}

/** An observer that records a label when notified, optionally running a function. */
export const recorder = (
  log: string[],
  label: string,
  fn?: (subject: ObservableSubject) => unknown,
): Observer => ({
  update(subject) {
    log.push(label);
    fn?.(subject);
  },
});

/** A logger that keeps every call. */
export class MemoryLogger implements LoggerInterface {
  readonly entries: { level: string; message: string; context?: Record<string, unknown> }[] = [];

  log(level: string, message: string, context?: Record<string, unknown>): void {
    this.entries.push({ level, message, context });
  }
}

/** Walks the `.cause` chain of an error and returns every level, outermost first. */
export const causeChain = (error: unknown): Error[] => {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
};

/** Returns the rejection of a promise (fails when it resolves). */
export const rejectionOf = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject");
};
