import type pg from "pg";

/** Sends the query it is given, with the arguments the connection's `query` received (or others). */
export type SendQuery = (...args: unknown[]) => unknown;

/**
 * Routes every `query` call on the pool's connections through `wrap`, with the statement's text: to record,
 * delay or interleave statements. Wraps each connection as the pool opens it, so use a fresh pool.
 */
export function wrapQueries(
  pool: pg.Pool,
  wrap: (text: string, args: unknown[], send: SendQuery) => unknown,
): void {
  pool.on("connect", (client) => {
    const send = client.query.bind(client) as SendQuery;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      return wrap(typeof first === "string" ? first : first.text, args, send);
    };
  });
}
