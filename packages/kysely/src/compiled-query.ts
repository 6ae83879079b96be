import { randomUUID } from "node:crypto";
import type { NamedSqlQuery, SqlQuery } from "@duraflows/sql";
import type { CompiledQuery } from "kysely";

/*
 * Statements shared with @duraflows/pg arrive as text plus parameters. They are handed to Kysely already
 * compiled rather than through the `sql` tag, a runtime import this package avoids (kysely is ESM-only on
 * recent releases and would break the CommonJS build).
 */
/**
 * A shared statement as a Kysely `CompiledQuery`, ready for `executeQuery`. A named statement (the hot ones
 * @duraflows/pg prepares) is also registered, so a pool set up with `preparePgPool` prepares it too.
 *
 * @internal
 */
export function compiledQuery(query: SqlQuery | NamedSqlQuery): CompiledQuery {
  if ("name" in query) registerPreparable(query.text, query.name);
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

/** Prepared-statement names of the adapter's hot statements, by their exact SQL text. */
const preparable = new Map<string, string>();
const namesInUse = new Set<string>();

function registerPreparable(text: string, name: string): void {
  if (preparable.has(text)) return;
  // One name, one text: a name already given to another text stays unprepared rather than clash.
  if (namesInUse.has(name)) return;
  namesInUse.add(name);
  preparable.set(text, name);
}

/**
 * The prepared-statement name of an adapter statement with exactly this SQL text, or `undefined` for any other
 * text (an application's own queries among them).
 *
 * @internal
 */
export function preparedStatementName(text: string): string | undefined {
  return preparable.get(text);
}
