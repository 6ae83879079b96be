import { createPostgresBackend, useBackend } from "../support/kysely-test-backends.js";
import { runKyselyConformance } from "../support/run-kysely-conformance.js";
import { runKyselyApplicationScenarios } from "../support/run-kysely-application-scenarios.js";
import { runKyselyTransactionScenarios } from "../support/run-kysely-transaction-scenarios.js";

const backend = useBackend(() => createPostgresBackend("kysely-conformance"));

runKyselyConformance("kysely (PostgreSQL)", backend);
runKyselyTransactionScenarios("kysely (PostgreSQL)", backend);
runKyselyApplicationScenarios("kysely (PostgreSQL)", backend);
