import type pg from "pg";

/** Statement and round-trip counts since the last reset. */
export interface StatementCounts {
  /** Calls to client.query: node-pg waits for each answer before sending the next, so one call = one round trip. */
  roundTrips: number;
  /** SQL statements (a multi-statement simple query counts each statement). */
  statements: number;
  /** Round trips by leading keyword (BEGIN, SELECT, UPDATE, INSERT, WITH, COMMIT, SAVEPOINT, …). */
  byKeyword: Record<string, number>;
}

const WRAPPED = Symbol("bench.statementCounter");

function queryText(args: unknown[]): { text: string; hasValues: boolean } {
  const first = args[0];
  if (typeof first === "string")
    return { text: first, hasValues: Array.isArray(args[1]) && args[1].length > 0 };
  if (first && typeof first === "object" && "text" in first) {
    const config = first as { text: string; values?: unknown[] };
    return { text: config.text, hasValues: (config.values?.length ?? 0) > 0 || Array.isArray(args[1]) };
  }
  return { text: "", hasValues: false };
}

function countStatements(text: string, hasValues: boolean): number {
  // Parameterised queries use the extended protocol, which allows exactly one statement.
  if (hasValues) return 1;
  return Math.max(1, text.split(";").filter((part) => part.trim() !== "").length);
}

/**
 * Counts what a pool sends to PostgreSQL by wrapping `query` on every client the pool creates (the pool's own
 * `query` and Kysely's PostgresDialect both go through a pooled client). Attach before the pool's first use.
 */
export class StatementCounter {
  private counts: StatementCounts = { roundTrips: 0, statements: 0, byKeyword: {} };

  attach(pool: pg.Pool): this {
    pool.on("connect", (client) => this.wrap(client));
    return this;
  }

  reset(): void {
    this.counts = { roundTrips: 0, statements: 0, byKeyword: {} };
  }

  snapshot(): StatementCounts {
    return { ...this.counts, byKeyword: { ...this.counts.byKeyword } };
  }

  private wrap(client: pg.PoolClient): void {
    const target = client as unknown as Record<PropertyKey, unknown>;
    if (target[WRAPPED]) return;
    target[WRAPPED] = true;
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    target["query"] = (...args: unknown[]): unknown => {
      const { text, hasValues } = queryText(args);
      const keyword = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "?";
      this.counts.roundTrips++;
      this.counts.statements += countStatements(text, hasValues);
      this.counts.byKeyword[keyword] = (this.counts.byKeyword[keyword] ?? 0) + 1;
      return original(...args);
    };
  }
}

/** `counts / n`, per operation, for tables. */
export function perOperation(counts: StatementCounts, n: number): StatementCounts {
  const byKeyword: Record<string, number> = {};
  for (const [key, value] of Object.entries(counts.byKeyword)) byKeyword[key] = value / n;
  return { roundTrips: counts.roundTrips / n, statements: counts.statements / n, byKeyword };
}

/** "BEGIN 1, SELECT 1, …" in a stable order. */
export function describeKeywords(byKeyword: Record<string, number>): string {
  const order = [
    "BEGIN",
    "SET",
    "SAVEPOINT",
    "SELECT",
    "WITH",
    "UPDATE",
    "INSERT",
    "RELEASE",
    "COMMIT",
    "ROLLBACK",
  ];
  const keys = Object.keys(byKeyword).sort((a, b) => {
    const ia = order.indexOf(a) === -1 ? order.length : order.indexOf(a);
    const ib = order.indexOf(b) === -1 ? order.length : order.indexOf(b);
    return ia - ib || a.localeCompare(b);
  });
  return keys.map((key) => `${key} ${formatCount(byKeyword[key])}`).join(", ");
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
