import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from "@nestjs/common";
import type {
  DurableExecutionOptions,
  ObserverErrorHandler,
  WorkflowClock,
  WorkflowDefinition,
  WorkflowGuard,
  WorkflowGuardRegistry,
  WorkflowObserver,
  WorkflowPersistenceProvider,
  WorkflowTimeoutRetryOptions,
  ObserverDelivery,
  WorkflowOutboxOptions,
  WorkflowWakeSource,
} from "@duraflows/core";
import type { WorkflowCommandRegistration } from "./nest-command-registry.js";

/**
 * Settings of one loop of the opt-in built-in poller ({@link WorkflowModuleOptions.timeouts},
 * {@link WorkflowModuleOptions.durableExecutions}).
 */
export interface WorkflowPollerOptions {
  /** Milliseconds between two passes; a positive integer. A tick is skipped while the previous pass runs. */
  pollIntervalMs: number;
  /** `limit` of each pass; a positive integer. Default 100 (the core default). */
  batchSize?: number;
}

/** What the `forRootAsync` factory returns: everything except `commands` and `enableControllers`. */
export interface WorkflowModuleFactoryConfig {
  /** Workflows to register; each is validated against the registered command and guard names at bootstrap. */
  workflows: WorkflowDefinition<any>[];
  /** Stores and transaction runner, e.g. `pgWorkflowProviders(pool)`. */
  persistence: WorkflowPersistenceProvider;
  /** Default `{ now: () => new Date() }`. */
  clock?: WorkflowClock;
  /** Guards registered by `guard.name`; mutually exclusive with a custom `guardRegistry`. */
  guards?: WorkflowGuard<any>[];
  /** A custom guard registry; mutually exclusive with a non-empty `guards`. */
  guardRegistry?: WorkflowGuardRegistry;
  /** State-entry observers: after commit, or through the outbox with `delivery: "outbox"`. */
  observers?: WorkflowObserver[];
  /** Delivery of observers that do not set their own; core default `"after-commit"`. */
  observerDelivery?: ObserverDelivery;
  /** Retry, parking and lease settings of the outbox relay (core defaults 10 attempts, 1 s doubling to 5 min). */
  outboxDelivery?: WorkflowOutboxOptions;
  /** Called when an observer throws. */
  onObserverError?: ObserverErrorHandler;
  /** Timeout retry backoff; core defaults 60000 / 3600000 / 10. */
  timeoutRetry?: WorkflowTimeoutRetryOptions;
  /** Startup executability check behaviour; core default `"fail"`. */
  onUnresolvable?: "fail" | "warn";
  /** Lease and retry policy of durable executions. */
  durableExecution?: DurableExecutionOptions;
  /** Opt-in built-in poller calling `processExpiredWorkflows` every `pollIntervalMs`. Default: off. */
  timeouts?: WorkflowPollerOptions;
  /** Opt-in built-in poller calling `processPendingExecutions` every `pollIntervalMs`. Default: off. */
  durableExecutions?: WorkflowPollerOptions;
  /**
   * Opt-in built-in outbox relay calling `relayOutbox` every `pollIntervalMs` (needs an outbox store, e.g.
   * `pgWorkflowProviders(pool, { outbox: true })`), pruning delivered rows older than `retainDeliveredMs`
   * (default one day; `false` keeps them). Default: off.
   */
  outbox?: WorkflowPollerOptions & { retainDeliveredMs?: number | false };
  /**
   * Wake-ups for every poller loop (e.g. `createPgWakeSource(url)`): a pass starts at once when work is
   * enqueued, an outbox row is written or a near timeout is armed; polling stays as the fallback.
   */
  wake?: WorkflowWakeSource;
}

/** Options of {@link WorkflowModule.forRoot}. */
export interface WorkflowModuleOptions extends WorkflowModuleFactoryConfig {
  /** Explicit command registrations (merged with `@WorkflowCommand` classes found by discovery). */
  commands?: WorkflowCommandRegistration[];
  /** Registers the REST controllers. Default `false`. */
  enableControllers?: boolean;
}

/** Options of {@link WorkflowModule.forRootAsync}. */
export interface WorkflowModuleAsyncOptions<TArgs extends unknown[] = unknown[]> {
  /**
   * Modules exporting the providers listed in `inject`. Accepts module classes (`Type[]`, as specified) and,
   * as a compatible widening, dynamic modules such as `ConfigModule.forRoot()`.
   */
  imports?: ModuleMetadata["imports"];
  /** Explicit command registrations; static, read when the module is defined. */
  commands?: WorkflowCommandRegistration[];
  /** Registers the REST controllers; static, read when the module is defined. Default `false`. */
  enableControllers?: boolean;
  /** Builds the configuration from the injected dependencies. */
  useFactory: (...args: TArgs) => WorkflowModuleFactoryConfig | Promise<WorkflowModuleFactoryConfig>;
  /** Tokens resolved and passed to `useFactory`, one per parameter. */
  inject?: { [K in keyof TArgs]: InjectionToken | OptionalFactoryDependency };
}
