/** A callback run after the outermost transaction commits. */
export type AfterCommitCallback = () => void | Promise<void>;

/** One level of a scoped transaction: the connection, its queued callbacks and the shared savepoint counter. */
export interface TransactionScope<C> {
  readonly connection: C;
  readonly callbacks: AfterCommitCallback[];
  readonly root: { nextSavepointId: number };
}
