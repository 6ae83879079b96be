import type { InMemoryRootTransaction } from "./in-memory-transaction-runner.js";

interface Holder {
  readonly owner: number;
  readonly waiters: (() => void)[];
}

/**
 * Row locks for in-memory stores: a lock belongs to an outermost transaction, is re-entrant for it (nested
 * scopes share the root) and is released when that transaction ends. Waiters are served in arrival order.
 *
 * @internal
 */
export class InMemoryRowLocks {
  private readonly held = new Map<string, Holder>();

  /** Waits until `key` is free (or already held by `tx`), then holds it until `tx` ends. */
  async acquire(key: string, tx: InMemoryRootTransaction): Promise<void> {
    for (;;) {
      const holder = this.held.get(key);
      if (!holder) break;
      if (holder.owner === tx.id) return;
      await new Promise<void>((resolve) => holder.waiters.push(resolve));
    }
    this.take(key, tx);
  }

  /** Takes `key` without waiting; returns `false` when another transaction holds it (SKIP LOCKED). */
  tryAcquire(key: string, tx: InMemoryRootTransaction): boolean {
    const holder = this.held.get(key);
    if (holder) return holder.owner === tx.id;
    this.take(key, tx);
    return true;
  }

  /** Whether another transaction than `tx` holds `key`. */
  isLockedByOther(key: string, tx: InMemoryRootTransaction): boolean {
    const holder = this.held.get(key);
    return holder !== undefined && holder.owner !== tx.id;
  }

  private take(key: string, tx: InMemoryRootTransaction): void {
    const holder: Holder = { owner: tx.id, waiters: [] };
    this.held.set(key, holder);
    tx.onEnd(() => {
      this.held.delete(key);
      // Every waiter re-checks; the first to resume takes the lock, the others queue again.
      for (const wake of holder.waiters) wake();
    });
  }
}
