import type { AfterCommitCallback } from "../transaction/types.js";

/**
 * Runs work in a database transaction: commit on success, roll back on throw. Nested calls should use
 * savepoints. The transaction must propagate to the stores (e.g. through AsyncLocalStorage).
 */
export interface WorkflowTransactionRunner {
  runInTransaction<T>(callback: () => Promise<T>): Promise<T>;
  /**
   * Queues a callback on the innermost active scope; it runs after the outermost commit and is dropped on
   * rollback. Throws `WorkflowError("afterCommit requires an active transaction")` outside a transaction.
   */
  afterCommit?(callback: AfterCommitCallback): void;
  /** Whether a transaction is active in the current async context. Required by durable workers. */
  isTransactionActive?(): boolean;
  /**
   * Optional: whether one statement a store sends outside any transaction (autocommit, on the same database)
   * runs exactly as it would inside a transaction this runner opens — true when the runner applies nothing of
   * its own to its transactions (no timeouts, roles, search paths or other settings). Together with
   * `WorkflowHistoryStore.appendWithInstanceUpdateAtomic` and `isTransactionActive`, it lets the runtime move
   * a command-less, guard-less event without a transaction (see the `optimisticTransitions` runtime option).
   */
  autocommitEquivalent?(): boolean;
}
