import type { Pool } from "pg";

/**
 * The pool of every `PgWorkflowInstanceStore` and `PgWorkflowHistoryStore`, set by their constructors. The
 * execution store writes or locks instance and history rows in its own statements only for stores of its own
 * pool: same transactions, same rows.
 *
 * @internal
 */
export const storePools = new WeakMap<object, Pool>();
