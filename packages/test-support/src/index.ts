// Internal test support (private workspace package, never published).
export {
  createTestDatabase,
  resolvePostgresServer,
  type PostgresServer,
  type TestDatabase,
} from "./postgres-test-database.js";
export {
  runAdapterManifestScenarios,
  type AdapterManifestExpectations,
} from "./scenarios/adapter-manifest-scenarios.js";
export { runDurableScenarios, type DurableScenarioHarness } from "./scenarios/durable-scenarios.js";
export {
  runProviderCompositionScenarios,
  type ProviderCompositionHarness,
} from "./scenarios/provider-composition-scenarios.js";
export { runRuntimeScenarios } from "./scenarios/runtime-scenarios.js";
export type { RuntimeScenarioHarness } from "./scenarios/runtime-scenario-kit.js";
