import {
  runAfterCommitCallbacks,
  type AfterCommitCallback,
  type WorkflowTransactionRunner,
} from "@duraflows/core";
import type { Kysely, Transaction } from "kysely";
import type { WorkflowDatabase } from "./kysely-database.js";
import { kyselyTransactionScopes, runInKyselySavepoint } from "./kysely-transaction-context.js";

/**
 * The runner of `kyselyWorkflowProvidersFromTransaction`: every workflow call runs inside the caller's
 * transaction `trx` (which is also the owner key of the stores). The outermost call becomes a savepoint so
 * that a caught failure leaves no partial writes; its after-commit callbacks run when it returns, still
 * inside the caller's transaction (before the caller's COMMIT), so workflow calls they make join `trx`.
 *
 * @internal
 */
export class KyselyTransactionBoundRunner implements WorkflowTransactionRunner {
  private readonly owner: Kysely<WorkflowDatabase>;

  constructor(private readonly trx: Transaction<WorkflowDatabase>) {
    this.owner = trx;
  }

  /** Runs `callback` in a savepoint of the caller's transaction. */
  async runInTransaction<T>(callback: () => Promise<T>): Promise<T> {
    const active = kyselyTransactionScopes.current(this.owner);
    if (active !== undefined) return runInKyselySavepoint(this.owner, active, () => callback());
    const root = kyselyTransactionScopes.createRoot(this.trx);
    return kyselyTransactionScopes.run(this.owner, root, async () => {
      const value = await runInKyselySavepoint(this.owner, root, () => callback());
      await runAfterCommitCallbacks(root.callbacks);
      return value;
    });
  }

  /** Always `true`: the caller's transaction is open for the providers' whole life. */
  isTransactionActive(): boolean {
    return true;
  }

  /** Queues `callback` on the innermost active scope of the caller's transaction. */
  afterCommit(callback: AfterCommitCallback): void {
    kyselyTransactionScopes.afterCommit(this.owner, callback);
  }
}
