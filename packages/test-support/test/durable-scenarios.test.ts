import { createInMemoryPersistence } from "@duraflows/core/testing";
import { runDurableScenarios } from "../src/scenarios/durable-scenarios.js";

// The in-memory provider keeps the scenarios honest without a database; the SQL adapters run them too.
runDurableScenarios("in-memory", {
  setup: async () => ({
    provider: createInMemoryPersistence({ durableExecution: true }),
    teardown: async () => undefined,
  }),
});
