import type { ObserverRegistry } from "../observer/observer-registry.js";
import type { StateEnterEvent } from "../observer/types.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";

/** Events queued by one operation, fired in queue order after its transaction commits. */
export type ObserverEventQueue = StateEnterEvent[];

/**
 * Runs work in a transaction and delivers the state-enter events it queued after commit: through one
 * `afterCommit` callback when the runner supports it (so they wait for an enclosing caller-owned
 * transaction and vanish on its rollback), else right after `runInTransaction` resolves.
 *
 * @internal
 */
export class ObservedTransaction {
  constructor(
    private readonly transactionRunner: WorkflowTransactionRunner,
    private readonly observers: ObserverRegistry,
  ) {}

  /** Runs `work(queue)` in a transaction; events pushed onto `queue` fire after commit, never on rollback. */
  async run<T>(work: (queue: ObserverEventQueue) => Promise<T>): Promise<T> {
    const runner = this.transactionRunner;
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
      const result = await runner.runInTransaction(() => work((queue = [])));
      if (queue.length > 0) await this.fire(queue);
      return result;
    }
    return runner.runInTransaction(async () => {
      const queue: ObserverEventQueue = [];
      const value = await work(queue);
      if (queue.length > 0) runner.afterCommit!(() => this.fire(queue));
      return value;
    });
  }

  private async fire(events: ObserverEventQueue): Promise<void> {
    for (const event of events) await this.observers.fireOnEnter(event);
  }
}
