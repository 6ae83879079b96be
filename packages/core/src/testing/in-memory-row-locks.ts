import type { InMemoryRootTransaction } from "./in-memory-transaction-runner.js";

interface Holder {
  readonly owner: number;
  /** Created by the first waiter (most locks are never waited for). */
  waiters: (() => void)[] | undefined;
}

/*
 * A released lock stays in the map as FREE until a sweep: setting an existing key is several times cheaper than
 * deleting it and setting it again (a Map that keeps deleting and re-adding a key rebuilds its table every few
 * rounds), and a transition takes and releases one lock. Sweeps keep FREE entries below about as many as held
 * locks plus a small constant, so memory still follows the locks held, not every key ever locked.
 */
const FREE: Holder = Object.freeze({ owner: 0, waiters: undefined });
const MIN_FREE_BEFORE_SWEEP = 64;

/**
 * Row locks for in-memory stores: a lock belongs to an outermost transaction, is re-entrant for it (nested
 * scopes share the root) and is released when that transaction ends. Waiters are served in arrival order.
 *
 * @internal
 */
export class InMemoryRowLocks {
  private readonly held = new Map<string, Holder>();
  private free = 0;

  /** Waits until `key` is free (or already held by `tx`), then holds it until `tx` ends. */
  async acquire(key: string, tx: InMemoryRootTransaction): Promise<void> {
    for (;;) {
      const holder = this.held.get(key);
      if (holder === undefined || holder === FREE) break;
      if (holder.owner === tx.id) return;
      await new Promise<void>((resolve) => (holder.waiters ??= []).push(resolve));
    }
    this.take(key, tx);
  }

  /** Takes `key` without waiting; returns `false` when another transaction holds it (SKIP LOCKED). */
  tryAcquire(key: string, tx: InMemoryRootTransaction): boolean {
    const holder = this.held.get(key);
    if (holder !== undefined && holder !== FREE) return holder.owner === tx.id;
    this.take(key, tx);
    return true;
  }

  /** Whether another transaction than `tx` holds `key`. */
  isLockedByOther(key: string, tx: InMemoryRootTransaction): boolean {
    const holder = this.held.get(key);
    return holder !== undefined && holder !== FREE && holder.owner !== tx.id;
  }

  private take(key: string, tx: InMemoryRootTransaction): void {
    const holder: Holder = { owner: tx.id, waiters: undefined };
    if (this.held.get(key) === FREE) this.free--;
    this.held.set(key, holder);
    tx.onEnd(() => this.release(key, holder));
  }

  private release(key: string, holder: Holder): void {
    this.held.set(key, FREE);
    if (++this.free >= MIN_FREE_BEFORE_SWEEP && this.free * 2 > this.held.size) this.sweep();
    // Every waiter re-checks; the first to resume takes the lock, the others queue again.
    if (holder.waiters) for (const wake of holder.waiters) wake();
  }

  private sweep(): void {
    for (const [key, holder] of this.held) if (holder === FREE) this.held.delete(key);
    this.free = 0;
  }
}
