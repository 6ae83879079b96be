import type pg from "pg";
import { wrapQueries } from "./wrap-queries.js";

/**
 * Records the leading keyword (BEGIN, SELECT, WITH, …) of every statement sent on the pool's connections, in
 * order: enough to pin how many round trips a call takes and which path it took. Wraps each connection's
 * `query` as the pool opens it, so use a fresh pool.
 */
export function recordKeywords(pool: pg.Pool): string[] {
  const seen: string[] = [];
  wrapQueries(pool, (text, args, send) => {
    seen.push(text.trimStart().split(/\s+/)[0]!.toUpperCase());
    return send(...args);
  });
  return seen;
}
