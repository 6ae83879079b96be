/** A fake connection that records the SQL statements it is asked to run. */
export class RecordingConnection {
  readonly statements: string[] = [];
  /** Statements (exact text) that should fail when executed. */
  readonly failOn = new Set<string>();

  constructor(readonly label = "conn") {}

  /** Executor in the shape `ScopedTransactionContext.runInSavepoint` expects: it gets the SQL text only. */
  readonly execute = async (sql: string): Promise<void> => {
    this.statements.push(sql);
    if (this.failOn.has(sql)) throw new Error(`failed: ${sql}`);
  };
}
