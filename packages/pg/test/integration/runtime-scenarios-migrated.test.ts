import { registerPgScenarios } from "../support/register-pg-scenarios.js";

// The same scenarios on a schema built only by the shipped dbmate files 001→010, applied in order.
registerPgScenarios("pg (dbmate 001→010)", "duraflows_pg_it_migrations", "dbmate");
