import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** One shipped dbmate migration, split at its markers. */
export interface DbmateMigration {
  file: string;
  up: string;
  down: string;
}

const DBMATE_DIR = fileURLToPath(new URL("../../sql/dbmate/", import.meta.url));

/** Splits a dbmate file into its `-- migrate:up` and `-- migrate:down` halves. */
export function splitDbmate(file: string, text: string): DbmateMigration {
  const upAt = text.indexOf("-- migrate:up\n");
  const downAt = text.indexOf("-- migrate:down\n");
  if (upAt !== 0 || downAt < 0)
    throw new Error(`${file}: expected "-- migrate:up" first and one "-- migrate:down"`);
  return {
    file,
    up: text.slice("-- migrate:up\n".length, downAt),
    down: text.slice(downAt + "-- migrate:down\n".length),
  };
}

/** The shipped migrations in file-name order (the package's own copy, never the shared spec folder). */
export function readDbmateMigrations(): DbmateMigration[] {
  return readdirSync(DBMATE_DIR)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((file) => splitDbmate(file, readFileSync(DBMATE_DIR + file, "utf8")));
}

/** Drops `--` comment lines, so a file's up half can be compared with generator output. */
export function withoutCommentLines(sql: string): string {
  return sql
    .split("\n")
    .filter((line) => !line.startsWith("--"))
    .join("\n")
    .trim();
}

/**
 * What applications do to make the generated script re-runnable: insert `IF NOT EXISTS` after every
 * `CREATE TABLE`, `CREATE INDEX` and `CREATE UNIQUE INDEX`. Only valid on text that does not say it already.
 */
export function withIfNotExists(up: string): string {
  return up
    .replace(/CREATE TABLE /g, "CREATE TABLE IF NOT EXISTS ")
    .replace(/CREATE INDEX /g, "CREATE INDEX IF NOT EXISTS ")
    .replace(/CREATE UNIQUE INDEX /g, "CREATE UNIQUE INDEX IF NOT EXISTS ");
}
