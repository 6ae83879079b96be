import { WorkflowError, type AfterCommitCallback, type WorkflowTransactionRunner } from "@duraflows/core";
import type { Kysely, Transaction } from "kysely";
import type { WorkflowDatabase } from "./kysely-database.js";
import {
  kyselyTransactionScopes,
  runInKyselySavepoint,
  runOwnedKyselyTransaction,
} from "./kysely-transaction-context.js";

/** Options of {@link KyselyTransactionRunner}. */
export interface KyselyTransactionRunnerOptions {
  /**
   * `lock_timeout` of transactions the runner opens, in milliseconds (`0` = no timeout). Default: the
   * server's setting.
   */
  lockTimeoutMs?: number;
  /**
   * `statement_timeout` of transactions the runner opens, in milliseconds (`0` = no timeout). Default: the
   * server's setting.
   */
  statementTimeoutMs?: number;
}

type TimeoutSetting = readonly [name: "lock_timeout" | "statement_timeout", milliseconds: number];

function validateTimeout(name: string, value: unknown): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new WorkflowError(
      `${name} must be a non-negative integer number of milliseconds, got ${String(value)}`,
    );
  }
}

/**
 * The workflow transaction runner on a `Kysely` instance: opens a transaction (with the configured
 * timeouts applied through `set_config(…, true)`, i.e. transaction-local), or nests as a
 * `duraflows_sp_<n>` savepoint when a transaction of the same instance is already active in the current
 * async context (outer timeouts stay in force). After-commit callbacks run after the outermost COMMIT.
 *
 * @example
 * ```ts
 * const runner = new KyselyTransactionRunner(db, { lockTimeoutMs: 5_000 });
 * await runner.runInTransaction(async () => instanceStore.lockByUuid(uuid));
 * ```
 */
export class KyselyTransactionRunner<DB extends WorkflowDatabase = WorkflowDatabase>
  implements WorkflowTransactionRunner
{
  private readonly db: Kysely<WorkflowDatabase>;
  private readonly settings: readonly TimeoutSetting[];

  /** Throws `WorkflowError` when a timeout option is not a non-negative safe integer. */
  constructor(db: Kysely<DB>, options: KyselyTransactionRunnerOptions = {}) {
    validateTimeout("lockTimeoutMs", options.lockTimeoutMs);
    validateTimeout("statementTimeoutMs", options.statementTimeoutMs);
    this.db = db as unknown as Kysely<WorkflowDatabase>;
    const settings: TimeoutSetting[] = [];
    if (options.lockTimeoutMs !== undefined) settings.push(["lock_timeout", options.lockTimeoutMs]);
    if (options.statementTimeoutMs !== undefined)
      settings.push(["statement_timeout", options.statementTimeoutMs]);
    this.settings = settings;
  }

  /** Runs `callback` in a new transaction, or in a savepoint of the active one. */
  runInTransaction<T>(callback: () => Promise<T>): Promise<T> {
    const active = kyselyTransactionScopes.current(this.db);
    if (active !== undefined) return runInKyselySavepoint(this.db, active, () => callback());
    return runOwnedKyselyTransaction(
      this.db,
      (trx) => this.applyTimeouts(trx),
      () => callback(),
    );
  }

  /**
   * Whether a statement sent on the Kysely instance outside a transaction runs as it would in one of this
   * runner's transactions: true unless timeouts are configured (they exist only inside its transactions).
   */
  autocommitEquivalent(): boolean {
    return this.settings.length === 0;
  }

  /** Whether a transaction of this Kysely instance is active in the current async context. */
  isTransactionActive(): boolean {
    return kyselyTransactionScopes.current(this.db) !== undefined;
  }

  /**
   * Queues `callback` on the innermost active scope; it runs after the outermost COMMIT and is dropped on
   * rollback. Throws `WorkflowError("afterCommit requires an active transaction")` outside a transaction.
   */
  afterCommit(callback: AfterCommitCallback): void {
    kyselyTransactionScopes.afterCommit(this.db, callback);
  }

  private async applyTimeouts(trx: Transaction<WorkflowDatabase>): Promise<void> {
    // set_config(name, value, true) is the function form of SET LOCAL, so every part can be a bound parameter.
    for (const [name, milliseconds] of this.settings) {
      await trx
        .selectNoFrom((eb) =>
          eb.fn("set_config", [eb.val(name), eb.val(String(milliseconds)), eb.val(true)]).as(name),
        )
        .execute();
    }
  }
}
