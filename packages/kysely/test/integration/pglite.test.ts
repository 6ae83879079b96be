import { createPgliteBackend, useBackend } from "../support/kysely-test-backends.js";
import { runKyselyConformance } from "../support/run-kysely-conformance.js";
import { runKyselyApplicationScenarios } from "../support/run-kysely-application-scenarios.js";
import { runKyselyTransactionScenarios } from "../support/run-kysely-transaction-scenarios.js";

// Embedded mode: PostgreSQL 17 compiled to WebAssembly, one connection, in memory (see docs/kysely-embedded.md).
const backend = useBackend(createPgliteBackend);

runKyselyConformance("kysely (PGlite)", backend);
runKyselyTransactionScenarios("kysely (PGlite)", backend);
runKyselyApplicationScenarios("kysely (PGlite)", backend);
