/** A fake connection that records the SQL statements it is asked to run. */
export class RecordingConnection {
  readonly statements: string[] = [];
  /** Statements (exact text) that should fail when executed. */
  readonly failOn = new Set<string>();

  constructor(readonly label = "conn") {}

  /** Executor in the shape `ScopedTransactionContext.runInSavepoint` expects. */
  readonly execute = async (connection: RecordingConnection, sql: string): Promise<void> => {
    connection.statements.push(sql);
    if (connection.failOn.has(sql)) throw new Error(`failed: ${sql}`);
  };
}
