import { registerPgConformance } from "../support/register-pg-conformance.js";

// The same kits on a schema built only by applying the shipped dbmate files 001→010 in order.
registerPgConformance("pg (dbmate 001→010 schema)", "duraflows_pg_it_migrations", "dbmate");
