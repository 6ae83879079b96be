// Prototype, not part of any package: reshapes what @duraflows/pg sends so one transition
// costs four round trips instead of five, and every parameterised statement is prepared once per connection.
//
//  1. The instance UPDATE is held back and sent together with the history INSERT that the runtime always
//     issues right after it, as ONE statement (a data-modifying CTE). If the optimistic version check matches
//     no row, the CTE inserts nothing and returns no row, which raises the adapter's exact optimistic-locking
//     error. A held UPDATE not followed by a history INSERT (deadline clears, rearmTimeout) is sent on its own
//     before the next statement (at the latest before COMMIT), so nothing is lost.
//  2. Every parameterised statement gets a name (a hash of its text): PostgreSQL parses and plans it once per
//     connection instead of once per call.
//
// It works by wrapping `query` on the pool's clients, so it measures the SQL traffic of the proposal without
// editing packages/. The proposal (bench/analysis.md) does the same thing properly: a core-declared optional
// store capability instead of a client wrapper.
import { createHash } from "node:crypto";
import { WorkflowError } from "@duraflows/core";
import type pg from "pg";

const UPDATE_PREFIX = "UPDATE workflow_instances\nSET current_state = $2,";
const HISTORY_PREFIX = "INSERT INTO workflow_history (";

/** Which parts of the prototype are on. */
export interface MergedWritesOptions {
  named: boolean;
  merged: boolean;
}

interface QueryConfig {
  text: string;
  values?: unknown[];
  name?: string;
}

type Query = (...args: unknown[]) => Promise<pg.QueryResult>;

const WRAPPED = Symbol("bench.mergedWrites");

function statementName(text: string): string {
  return `duraflows_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
}

function optimisticFailure(values: unknown[]): WorkflowError {
  return new WorkflowError(
    `Optimistic locking failure: workflow instance "${String(values[0])}" was modified concurrently (expected version ${String(values[12])})`,
  );
}

/**
 * The merged statement: the adapter's UPDATE (params $1–$13) as a CTE, then the history INSERT reading the
 * instance uuid from it (params $14–$22 = the INSERT's $2–$10). Casts are explicit because INSERT … SELECT
 * does not infer parameter types from the target columns.
 */
function mergedStatement(updateText: string): string {
  return `WITH updated AS (
${updateText}
RETURNING uuid
)
INSERT INTO workflow_history (
  workflow_instance_uuid, from_state, event_name, to_state, outcome, error_message, rejected_by,
  command_results_json, trigger_metadata_json, definition_version
)
SELECT uuid, $14::text, $15::text, $16::text, $17::text, $18::text, $19::text, $20::jsonb, $21::jsonb, $22::int
FROM updated
RETURNING uuid`;
}

function shape(client: pg.PoolClient, options: MergedWritesOptions): void {
  const target = client as unknown as Record<PropertyKey, unknown>;
  if (target[WRAPPED]) return;
  target[WRAPPED] = true;
  const send = client.query.bind(client) as unknown as Query;
  const prepared = (config: QueryConfig): QueryConfig =>
    options.named && config.values && config.values.length > 0
      ? { ...config, name: statementName(config.text) }
      : config;
  let held: QueryConfig | undefined;
  const flush = async (): Promise<void> => {
    const update = held!;
    held = undefined;
    const result = await send(prepared(update));
    if (result.rowCount === 0) throw optimisticFailure(update.values!);
  };
  target["query"] = (...args: unknown[]): Promise<pg.QueryResult> | unknown => {
    // pool.query() and other callers passing (text, values, callback) go through untouched: the adapter's
    // transactional statements are all single `{ text, values }` objects or plain strings.
    if (args.length !== 1) return send(...args);
    const config = args[0] as QueryConfig | string;
    return shapedQuery(typeof config === "string" ? { text: config } : config);
  };
  const shapedQuery = async (query: QueryConfig): Promise<pg.QueryResult> => {
    if (options.merged && query.text.startsWith(UPDATE_PREFIX)) {
      if (held) await flush();
      held = query;
      return { command: "UPDATE", rowCount: 1, rows: [], oid: 0, fields: [] } as unknown as pg.QueryResult;
    }
    if (held && query.text.startsWith(HISTORY_PREFIX) && query.values?.[0] === held.values![0]) {
      const update = held;
      held = undefined;
      const text = mergedStatement(update.text);
      const result = await send(prepared({ text, values: [...update.values!, ...query.values!.slice(1)] }));
      if (result.rows.length === 0) throw optimisticFailure(update.values!);
      return result;
    }
    if (held) {
      if (/^\s*ROLLBACK\b/i.test(query.text)) held = undefined;
      else await flush();
    }
    return send(prepared(query));
  };
}

/** Installs the prototype on every client `pool` creates from now on (attach the statement counter first). */
export function installMergedWrites(
  pool: pg.Pool,
  options: MergedWritesOptions = { named: true, merged: true },
): void {
  pool.on("connect", (client) => shape(client, options));
}
