import type pg from "pg";

/**
 * Records the leading keyword (BEGIN, SELECT, WITH, …) of every statement sent on the pool's connections, in
 * order: enough to pin how many round trips a call takes and which path it took. Wraps each connection's
 * `query` as the pool opens it, so use a fresh pool.
 */
export function recordKeywords(pool: pg.Pool): string[] {
  const seen: string[] = [];
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      const text = typeof first === "string" ? first : first.text;
      seen.push(text.trimStart().split(/\s+/)[0]!.toUpperCase());
      return query(...args);
    };
  });
  return seen;
}
