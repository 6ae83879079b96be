import { registerPgConformance } from "../support/register-pg-conformance.js";

// The same kits on a schema built only by applying the shipped dbmate files 001→009 in order.
registerPgConformance("pg (dbmate 001→009 schema)", "duraflows_pg_it_migrations", "dbmate");
