import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The optional feature a step belongs to; a step without one is always applied. */
export type MigrationFeature = "idempotency" | "durableExecution";

/** One versioned step of the schema: a shipped dbmate file split at its markers. */
export interface PgMigration {
  /** The numeric prefix of the file (`7` for `007_event_idempotency.sql`). */
  version: number;
  /** The file name without its number and extension (`event_idempotency`). */
  name: string;
  /** The file name (`007_event_idempotency.sql`). */
  file: string;
  /** SQL of `-- migrate:up`. */
  up: string;
  /** SQL of `-- migrate:down`. */
  down: string;
  /** sha256 of the up SQL, hex. */
  checksum: string;
  /** Set for the steps that only optional stores need. */
  feature?: MigrationFeature;
}

const FEATURES: Record<number, MigrationFeature> = { 7: "idempotency", 8: "durableExecution" };

/** Finds the package's `sql/dbmate` folder from this module (`src/migrator/` in the repo, `dist/` when built). */
function dbmateDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, "sql", "dbmate");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error("@duraflows/pg: the sql/dbmate folder is missing from the installed package");
}

function split(file: string, text: string): { up: string; down: string } {
  const normalised = text.replace(/\r\n/g, "\n");
  const upAt = normalised.indexOf("-- migrate:up\n");
  const downAt = normalised.indexOf("-- migrate:down\n");
  if (upAt !== 0 || downAt < 0)
    throw new Error(`${file}: expected "-- migrate:up" first and one "-- migrate:down"`);
  return {
    up: normalised.slice("-- migrate:up\n".length, downAt).trim() + "\n",
    down: normalised.slice(downAt + "-- migrate:down\n".length).trim() + "\n",
  };
}

let cache: readonly PgMigration[] | undefined;

/**
 * The schema's versioned steps, oldest first: the dbmate files shipped in this package's `sql/dbmate/`
 * (the same DDL dbmate users apply), read once.
 *
 * @returns frozen steps `1 … 11`.
 */
export function pgMigrations(): readonly PgMigration[] {
  if (cache) return cache;
  const dir = dbmateDir();
  const steps = readdirSync(dir)
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file): PgMigration => {
      const match = /^(\d+)_([\w-]+)\.sql$/.exec(file)!;
      const version = Number(match[1]);
      const { up, down } = split(file, readFileSync(join(dir, file), "utf8"));
      const checksum = createHash("sha256").update(up).digest("hex");
      const feature = FEATURES[version];
      return Object.freeze({
        version,
        name: match[2]!,
        file,
        up,
        down,
        checksum,
        ...(feature ? { feature } : {}),
      });
    });
  cache = Object.freeze(steps);
  return cache;
}
