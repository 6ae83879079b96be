// Public subpath @duraflows/core/testing: the conformance kits plus the in-memory doubles and
// the simulated clock.
export {
  runInstanceStoreConformance,
  type InstanceStoreConformanceHarness,
} from "./instance-store-conformance.js";
export {
  runDefinitionStoreConformance,
  type DefinitionStoreConformanceHarness,
} from "./definition-store-conformance.js";
export {
  runTransactionRunnerConformance,
  type TransactionRunnerConformanceHarness,
} from "./transaction-runner-conformance.js";
export {
  runIdempotencyStoreConformance,
  type IdempotencyStoreConformanceHarness,
} from "./idempotency-store-conformance.js";
export {
  runExecutionStoreConformance,
  type ExecutionStoreConformanceHarness,
} from "./execution-store-conformance.js";
export type { ExecutionStoreConformanceSetup } from "./execution-store-conformance-setup.js";
export { InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";
export { InMemoryInstanceStore, type InMemoryInstanceStoreOptions } from "./in-memory-instance-store.js";
export { InMemoryHistoryStore, type InMemoryHistoryStoreOptions } from "./in-memory-history-store.js";
export { InMemoryDefinitionStore } from "./in-memory-definition-store.js";
export { InMemoryIdempotencyStore } from "./in-memory-idempotency-store.js";
export { InMemoryOutboxStore } from "./in-memory-outbox-store.js";
export { runOutboxStoreConformance, type OutboxStoreConformanceHarness } from "./outbox-store-conformance.js";
export {
  InMemoryExecutionStore,
  type InMemoryExecutionStoreOptions,
  type InMemoryExecutionStoreInstanceSource,
} from "./in-memory-execution-store.js";
export {
  createInMemoryPersistence,
  type InMemoryPersistence,
  type InMemoryPersistenceOptions,
} from "./create-in-memory-persistence.js";
export { SimulatedClock } from "./simulated-clock.js";
