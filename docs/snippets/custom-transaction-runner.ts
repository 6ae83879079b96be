import {
  ScopedTransactionContext,
  WorkflowError,
  runAfterCommitCallbacks,
  type AfterCommitCallback,
  type WorkflowTransactionRunner,
} from "@duraflows/core";

/** The slice of your driver the runner needs: a pool handing out dedicated connections. */
export interface SqlConnection {
  query(text: string, values?: unknown[]): Promise<{ command?: string; rows: unknown[] }>;
  release(): void;
}
export interface SqlPool {
  connect(): Promise<SqlConnection>;
}

// One scope store per pool: transactions of two pools never see each other. Your stores call
// `scopes.current(pool)?.connection ?? pool` so their queries join the active transaction.
export const scopes = new ScopedTransactionContext<SqlPool, SqlConnection>();

export class MyTransactionRunner implements WorkflowTransactionRunner {
  constructor(private readonly pool: SqlPool) {}

  async runInTransaction<T>(callback: () => Promise<T>): Promise<T> {
    const active = scopes.current(this.pool);
    // Nested call: a savepoint named duraflows_sp_<n>, so a failure undoes only the nested work.
    if (active)
      return scopes.runInSavepoint(
        this.pool,
        active,
        () => callback(),
        // Gets the SQL text of each savepoint statement; run it on the transaction's connection.
        (sql) => active.connection.query(sql),
      );

    const connection = await this.pool.connect();
    const root = scopes.createRoot(connection);
    try {
      await connection.query("BEGIN");
      const value = await scopes.run(this.pool, root, callback);
      const commit = await connection.query("COMMIT");
      // PostgreSQL answers COMMIT with ROLLBACK when an earlier statement failed and the error was swallowed.
      if (commit.command === "ROLLBACK") {
        throw new WorkflowError(
          "COMMIT was rolled back by PostgreSQL because an earlier statement in the transaction failed",
        );
      }
      connection.release();
      await runAfterCommitCallbacks(root.callbacks); // observers fire only after the outermost commit
      return value;
    } catch (error) {
      await connection
        .query("ROLLBACK")
        .catch((rollbackError: unknown) => console.warn("ROLLBACK failed", rollbackError));
      connection.release();
      throw error; // never mask the original error
    }
  }

  afterCommit(callback: AfterCommitCallback): void {
    scopes.afterCommit(this.pool, callback); // throws WorkflowError outside a transaction
  }

  isTransactionActive(): boolean {
    return scopes.current(this.pool) !== undefined; // durable workers require this
  }
}
