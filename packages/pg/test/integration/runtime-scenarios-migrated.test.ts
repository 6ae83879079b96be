import { registerPgScenarios } from "../support/register-pg-scenarios.js";

// The same scenarios on a schema built only by the shipped dbmate files 001→009, applied in order.
registerPgScenarios("pg (dbmate 001→009)", "duraflows_pg_it_migrations", "dbmate");
