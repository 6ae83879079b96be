import { registerPgConformance } from "../support/register-pg-conformance.js";

// The same kits on a schema whose workflow_history was turned into a partitioned table.
registerPgConformance("pg (partitioned history)", "duraflows_pg_it_partitioned", "partitioned");
