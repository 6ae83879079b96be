/** Opens a transaction (READ COMMITTED, the server default). */
export const BEGIN = "BEGIN";
/** Commits; PostgreSQL answers with the tag `ROLLBACK` when the transaction was already aborted. */
export const COMMIT = "COMMIT";
/** Rolls back the current transaction. */
export const ROLLBACK = "ROLLBACK";

/** Timeout settings of an owned transaction; validated non-negative safe integers (milliseconds). */
export interface TransactionTimeouts {
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/**
 * `SET LOCAL` statements for the configured timeouts, lock timeout first; none configured ⇒ none at all.
 * The only interpolated values of the package: SET does not accept bind parameters, and the numbers were
 * validated as safe non-negative integers by the runner constructor. `SET LOCAL` reverts at COMMIT/ROLLBACK,
 * so a pooled connection never keeps them.
 */
export function setLocalTimeouts(timeouts: TransactionTimeouts): string[] {
  const statements: string[] = [];
  if (timeouts.lockTimeoutMs !== undefined)
    statements.push(`SET LOCAL lock_timeout = ${timeouts.lockTimeoutMs}`);
  if (timeouts.statementTimeoutMs !== undefined) {
    statements.push(`SET LOCAL statement_timeout = ${timeouts.statementTimeoutMs}`);
  }
  return statements;
}
