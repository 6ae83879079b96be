import { createInMemoryPersistence } from "@duraflows/core/testing";
import { runRuntimeScenarios } from "../../test-support/src/index.js";

// The shared end-to-end scenarios on the in-memory provider; the SQL adapters run the same suite.
runRuntimeScenarios("in-memory", {
  setup: async () => ({
    provider: createInMemoryPersistence({ idempotency: true }),
    teardown: async () => undefined,
  }),
});

runRuntimeScenarios("in-memory without optional stores", {
  setup: async () => ({
    provider: createInMemoryPersistence({ definitions: false }),
    teardown: async () => undefined,
  }),
});
