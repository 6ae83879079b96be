import type pg from "pg";
import type {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowPersistenceProvider,
  WorkflowRuntime,
  WorkflowTelemetryOptions,
} from "@duraflows/core";
import type { WorkflowDatabase } from "@duraflows/kysely";
import { allWorkflows } from "../fixtures/workflows.js";
import type { BenchDatabase } from "./bench-database.js";
import { StatementCounter } from "./statement-counter.js";

/**
 * Which persistence a duraflows runtime under test uses. `pg-durable` is @duraflows/pg with the durable
 * execution store (enqueueEvent and workers). `pg`, `pg-durable` and `kysely` opt in to the runtime option
 * `optimisticTransitions: true` (command-less events, and with `pg-durable` guard-less enqueues, without a
 * transaction); `pg-locking` and `kysely-locking` keep the default, a locking transaction for every transition.
 */
export type Backend = "pg" | "pg-locking" | "pg-durable" | "kysely" | "kysely-locking" | "memory";

/** A runtime wired for benchmarking, with the statement counter on its pool (absent in memory). */
export interface BenchRuntime {
  runtime: WorkflowRuntime;
  counter: StatementCounter | undefined;
  /** Another runtime with the same options on the same persistence (and pool): a second process, in effect. */
  twin(): Promise<WorkflowRuntime>;
  close(): Promise<void>;
}

/*
 * The packages are imported lazily so a package that does not load (work in progress in packages/) fails only
 * the scenarios that use it, not the whole harness.
 */
async function registries(): Promise<{
  definitionRegistry: InMemoryDefinitionRegistry;
  commandRegistry: InMemoryCommandRegistry;
}> {
  const core = await import("@duraflows/core");
  const definitionRegistry = new core.InMemoryDefinitionRegistry();
  for (const definition of allWorkflows) definitionRegistry.register(definition);
  const commandRegistry = new core.InMemoryCommandRegistry();
  commandRegistry.register("noop", { execute: () => ({ ok: true }) });
  return { definitionRegistry, commandRegistry };
}

async function provider(
  backend: Backend,
  db: BenchDatabase | undefined,
  poolSize: number,
): Promise<{
  provider: WorkflowPersistenceProvider;
  counter?: StatementCounter;
  close: () => Promise<void>;
}> {
  if (backend === "memory") {
    return { provider: (await loadInMemoryPersistence())(), close: async () => {} };
  }
  if (!db) throw new Error(`backend ${backend} needs the bench database`);
  const pool: pg.Pool = db.pool(poolSize);
  const counter = new StatementCounter().attach(pool);
  if (backend !== "kysely" && backend !== "kysely-locking") {
    const { pgWorkflowProviders } = await import("@duraflows/pg");
    if (backend === "pg-durable") {
      return {
        provider: pgWorkflowProviders(pool, { durableExecution: true }),
        counter,
        close: () => pool.end(),
      };
    }
    return { provider: pgWorkflowProviders(pool), counter, close: () => pool.end() };
  }
  const { Kysely, PostgresDialect } = await import("kysely");
  const { kyselyWorkflowProviders, preparePgPool } = await import("@duraflows/kysely");
  // As the adapter's guide sets up a node-postgres pool: the hot statements prepared, like @duraflows/pg's.
  const kysely = new Kysely<WorkflowDatabase>({
    dialect: new PostgresDialect({ pool: preparePgPool(pool) }),
  });
  // The adapter's sources may type-check against another kysely patch release than the root's; the runtime
  // object is the same, so only the type is bridged.
  const owner = kysely as unknown as Parameters<typeof kyselyWorkflowProviders>[0];
  return { provider: kyselyWorkflowProviders(owner), counter, close: () => kysely.destroy() };
}

type InMemoryFactory = () => WorkflowPersistenceProvider;

/**
 * `createInMemoryPersistence` from the public `@duraflows/core/testing` subpath. That entry also exports the
 * conformance kits, which import `vitest` at module load, and vitest refuses to load outside its runner; so
 * when the subpath fails, the same function is taken from its own source module (same code, same classes).
 */
async function loadInMemoryPersistence(): Promise<InMemoryFactory> {
  try {
    return (await import("@duraflows/core/testing")).createInMemoryPersistence;
  } catch {
    return (await import("../../packages/core/src/testing/create-in-memory-persistence.js"))
      .createInMemoryPersistence;
  }
}

/**
 * A WorkflowRuntime on `backend` with every bench workflow registered and a wall clock; `telemetry` is passed
 * as the runtime's `telemetry` option.
 */
export async function createBenchRuntime(
  backend: Backend,
  db: BenchDatabase | undefined,
  poolSize: number,
  telemetry?: WorkflowTelemetryOptions,
): Promise<BenchRuntime> {
  const { WorkflowRuntime } = await import("@duraflows/core");
  const built = await provider(backend, db, poolSize);
  const registered = await registries();
  const open = async (): Promise<WorkflowRuntime> => {
    const runtime = new WorkflowRuntime({
      ...built.provider,
      ...registered,
      ...(backend === "pg" || backend === "pg-durable" || backend === "kysely"
        ? { optimisticTransitions: true }
        : {}),
      clock: { now: () => new Date() },
      ...(telemetry ? { telemetry } : {}),
    });
    await runtime.initialize();
    return runtime;
  };
  return { runtime: await open(), counter: built.counter, twin: open, close: built.close };
}

/** Creates `count` instances of `workflowName` through the runtime (so they are exactly what it expects). */
export async function createInstances(
  runtime: WorkflowRuntime,
  workflowName: string,
  count: number,
): Promise<string[]> {
  const uuids: string[] = [];
  for (let i = 0; i < count; i++) uuids.push((await runtime.createInstance({ workflowName })).uuid);
  return uuids;
}
