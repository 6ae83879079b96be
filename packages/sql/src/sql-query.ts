/** A parameterised statement: `text` with `$n` placeholders and the `values` bound to them. */
export interface SqlQuery {
  readonly text: string;
  readonly values: unknown[];
}

/** A {@link SqlQuery} sent as a named prepared statement (`pg` prepares it once per connection). */
export interface NamedSqlQuery extends SqlQuery {
  readonly name: string;
}

/*
 * Only fixed texts are named (a name must always map to the same text on a connection), and only statements
 * whose result columns are listed explicitly: a prepared `SELECT *` fails with "cached plan must not change
 * result type" once a migration adds a column while the connection stays in the pool.
 */
/** `query` as the named prepared statement `duraflows_<name>`. */
export function named(name: string, query: SqlQuery): NamedSqlQuery {
  return { name: `duraflows_${name}`, text: query.text, values: query.values };
}
