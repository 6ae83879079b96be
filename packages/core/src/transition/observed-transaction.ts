import type { ObserverRegistry } from "../observer/observer-registry.js";
import type { StateEnterEvent } from "../observer/types.js";
import { writeOutbox } from "./write-outbox.js";
import type { WorkflowOutboxStore } from "../persistence/workflow-outbox-store.js";
import type { WorkflowClock } from "../persistence/workflow-clock.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";
import type { WorkflowWakeNotifier } from "../persistence/workflow-wake-notifier.js";

/**
 * Events queued by one operation, fired in queue order after its transaction commits. `nextDeadline` is the
 * earliest timeout the operation armed, recorded for wake-ups.
 */
export type ObserverEventQueue = StateEnterEvent[] & { nextDeadline?: Date };

/** What an {@link ObservedTransaction} writes besides running the work. */
export interface ObservedTransactionDeps {
  outboxStore?: WorkflowOutboxStore | undefined;
  wakeNotifier?: WorkflowWakeNotifier | undefined;
  clock: WorkflowClock;
}

const DEFAULT_NEAR_TIMEOUT_MS = 60_000;

/**
 * Runs work in a transaction and delivers the state-enter events it queued after commit: through one
 * `afterCommit` callback when the runner supports it (so they wait for an enclosing caller-owned
 * transaction and vanish on its rollback), else right after `runInTransaction` resolves. Events for outbox
 * observers are written to the outbox inside the transaction instead.
 *
 * @internal
 */
export class ObservedTransaction {
  constructor(
    private readonly transactionRunner: WorkflowTransactionRunner,
    private readonly observers: ObserverRegistry,
    private readonly deps: ObservedTransactionDeps = { clock: { now: () => new Date() } },
  ) {}

  /** Runs `work(queue)` in a transaction; events pushed onto `queue` fire after commit, never on rollback. */
  async run<T>(work: (queue: ObserverEventQueue) => Promise<T>): Promise<T> {
    const runner = this.transactionRunner;
    // Only when something must be written inside the transaction does the work get wrapped (one more hop).
    const inner = this.deps.outboxStore || this.deps.wakeNotifier ? this.withinTransaction(work) : work;
    /*
     * Only an enclosing (caller-owned) transaction needs the `afterCommit` route: the events must wait for its
     * commit and vanish on its rollback. When this call opens the outermost transaction, delivering right after
     * `runInTransaction` resolves is the same thing — the events' callback would be the last one queued on
     * that transaction, run after every other after-commit callback and outside its scope, and this call
     * resolves only once it has run — but it spares the runner an after-commit round (for the in-memory runner
     * an `AsyncLocalStorage.exit`, which disables and re-arms Node's promise hooks on every transition).
     */
    const enclosed = runner.afterCommit !== undefined && (runner.isTransactionActive?.() ?? true);
    if (!enclosed) {
      // A fresh queue per attempt (a runner may retry its callback); the work's promise is handed to the
      // runner directly, without an async wrapper around it (fewer promise hops per call).
      let queue: ObserverEventQueue = [];
      const result = await runner.runInTransaction(() => inner((queue = [])));
      if (queue.length > 0) await this.fire(queue);
      return result;
    }
    return runner.runInTransaction(async () => {
      const queue: ObserverEventQueue = [];
      const value = await inner(queue);
      if (queue.length > 0) runner.afterCommit!(() => this.fire(queue));
      return value;
    });
  }

  /**
   * For work that commits on its own (one atomic store statement): when nothing must be written inside a
   * transaction (no outbox, no wake-ups) and none is open, runs `work` without one and delivers its events
   * after it; otherwise exactly {@link run}.
   */
  async runAtomic<T>(work: (queue: ObserverEventQueue) => Promise<T>): Promise<T> {
    if (
      this.deps.outboxStore ||
      this.deps.wakeNotifier ||
      this.transactionRunner.isTransactionActive?.() !== false
    )
      return this.run(work);
    const queue: ObserverEventQueue = [];
    const result = await work(queue);
    if (queue.length > 0) await this.fire(queue);
    return result;
  }

  /** Wraps `work` so the outbox rows and wake-ups it produced are written before the transaction ends. */
  private withinTransaction<T>(
    work: (queue: ObserverEventQueue) => Promise<T>,
  ): (queue: ObserverEventQueue) => Promise<T> {
    return async (queue) => {
      const value = await work(queue);
      const { outboxStore, wakeNotifier, clock } = this.deps;
      if (outboxStore && queue.length > 0) {
        const names = this.observers.outboxObserverNames();
        if (names.length > 0) await writeOutbox(outboxStore, names, queue, clock.now());
      }
      if (wakeNotifier && queue.nextDeadline) {
        const horizon = wakeNotifier.nearTimeoutMs ?? DEFAULT_NEAR_TIMEOUT_MS;
        if (queue.nextDeadline.getTime() - clock.now().getTime() <= horizon)
          await wakeNotifier.notify({ kind: "timeout", at: queue.nextDeadline });
      }
      return value;
    };
  }

  /**
   * Delivers the events of work that committed without a transaction `run` opened (one autocommitted statement,
   * or a synchronous in-memory transaction), as `run` delivers those of an outermost transaction it opened: in
   * queue order, once the write is durable.
   */
  deliver(events: ObserverEventQueue): Promise<void> {
    return this.fire(events);
  }

  private async fire(events: ObserverEventQueue): Promise<void> {
    for (const event of events) await this.observers.fireOnEnter(event);
  }
}
