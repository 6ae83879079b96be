import { randomUUID } from "node:crypto";
import type { SqlQuery } from "@duraflows/sql";
import type { CompiledQuery } from "kysely";

/*
 * Statements shared with @duraflows/pg arrive as text plus parameters. They are handed to Kysely already
 * compiled rather than through the `sql` tag, a runtime import this package avoids (kysely is ESM-only on
 * recent releases and would break the CommonJS build).
 */
/**
 * A shared statement as a Kysely `CompiledQuery`, ready for `executeQuery`.
 *
 * @internal
 */
export function compiledQuery(query: SqlQuery): CompiledQuery {
  return Object.freeze({
    sql: query.text,
    parameters: Object.freeze([...query.values]),
    query: Object.freeze({
      kind: "RawNode" as const,
      sqlFragments: Object.freeze([query.text]),
      parameters: [],
    }),
    queryId: Object.freeze({ queryId: `duraflows_${randomUUID()}` }),
  });
}
