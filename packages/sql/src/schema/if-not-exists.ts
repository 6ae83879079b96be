/**
 * Adds `IF NOT EXISTS` to every `CREATE TABLE`, `CREATE INDEX` and `CREATE UNIQUE INDEX` that lacks it. The
 * fresh-install DDL is written plain (it fails on an existing table, which a generator user may want); the
 * dbmate files and the Kysely migrations apply the same DDL in this re-runnable form.
 */
export function withIfNotExists(ddl: string): string {
  return ddl.replace(/\bCREATE (UNIQUE INDEX|INDEX|TABLE) (?!IF NOT EXISTS )/g, "CREATE $1 IF NOT EXISTS ");
}
