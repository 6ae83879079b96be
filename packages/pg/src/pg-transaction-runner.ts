import { WorkflowError, type AfterCommitCallback, type WorkflowTransactionRunner } from "@duraflows/core";
import type { Pool } from "pg";
import { pgTransactionScopes, runOwnedPgTransaction } from "./pg-transaction-context.js";
import { setLocalTimeouts } from "@duraflows/sql";

/** Options of {@link PgTransactionRunner}. Each timeout is a non-negative integer in ms; `0` means none. */
export interface PgTransactionRunnerOptions {
  /** `SET LOCAL lock_timeout` of every transaction the runner opens (bounds waits on row locks). */
  lockTimeoutMs?: number;
  /** `SET LOCAL statement_timeout` of every transaction the runner opens. */
  statementTimeoutMs?: number;
}

function assertTimeout(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new WorkflowError(`${name} must be a non-negative integer number of milliseconds, got ${value}`);
  }
}

/**
 * The core `WorkflowTransactionRunner` on a `pg` pool: opens its own transaction (applying the configured
 * `SET LOCAL` timeouts), or joins the one active on the same pool as a savepoint, keeping the outer timeouts.
 */
export class PgTransactionRunner implements WorkflowTransactionRunner {
  private readonly setupStatements: readonly string[];

  constructor(
    private readonly pool: Pool,
    options: PgTransactionRunnerOptions = {},
  ) {
    assertTimeout("lockTimeoutMs", options.lockTimeoutMs);
    assertTimeout("statementTimeoutMs", options.statementTimeoutMs);
    this.setupStatements = setLocalTimeouts(options);
  }

  /** Runs `callback` in a transaction on the pool: a savepoint when one is active, else an owned one. */
  runInTransaction<T>(callback: () => Promise<T>): Promise<T> {
    const scope = pgTransactionScopes.current(this.pool);
    if (scope !== undefined) {
      const client = scope.connection;
      return pgTransactionScopes.runInSavepoint(
        this.pool,
        scope,
        () => callback(),
        (sql) => client.query(sql),
      );
    }
    return runOwnedPgTransaction(this.pool, this.setupStatements, () => callback());
  }

  /**
   * Whether a statement sent on the pool outside a transaction runs as it would in one of this runner's
   * transactions: true unless timeouts are configured (they exist only inside the runner's transactions).
   */
  autocommitEquivalent(): boolean {
    return this.setupStatements.length === 0;
  }

  /** Whether a transaction on this pool is active in the current async context. */
  isTransactionActive(): boolean {
    return pgTransactionScopes.current(this.pool) !== undefined;
  }

  /** Queues `callback` to run after the outermost commit of the active transaction on this pool. */
  afterCommit(callback: AfterCommitCallback): void {
    pgTransactionScopes.afterCommit(this.pool, callback);
  }
}
