import { registerPgScenarios } from "../support/register-pg-scenarios.js";

// The same scenarios on a schema whose workflow_history was turned into a partitioned table.
registerPgScenarios("pg (partitioned history)", "duraflows_pg_it_partitioned", "partitioned");
