import { registerPgConformance } from "../support/register-pg-conformance.js";

// The conformance kits of @duraflows/core/testing on a schema built by generateMigrationSql (full).
registerPgConformance("pg (generateMigrationSql schema)", "duraflows_pg_it", "generator");
