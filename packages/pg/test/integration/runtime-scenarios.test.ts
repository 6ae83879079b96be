import { registerPgScenarios } from "../support/register-pg-scenarios.js";

// The shared runtime and durable scenarios on pgWorkflowProviders over a generateMigrationSql schema.
registerPgScenarios("pg", "duraflows_pg_it", "generator");
