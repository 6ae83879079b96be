import type pg from "pg";
import type {
  ListenWakeSource,
  WorkflowObserver,
  WorkflowPersistenceProvider,
  WorkflowRuntime,
} from "@duraflows/core";
import type { WorkflowDatabase } from "@duraflows/kysely";
import { allWorkflows } from "../fixtures/workflows.js";
import type { BenchDatabase } from "./bench-database.js";

/** The adapters the wake-up and outbox scenario compares. */
export type WakeBackend = "pg" | "kysely";

/** What the scenario switches on in the providers and the runtime. */
export interface WakeRuntimeOptions {
  /** Providers send `pg_notify` on enqueue (the `notify` flag). */
  notify?: boolean;
  /** Providers get the outbox store (the `outbox` flag). */
  outbox?: boolean;
  observers?: WorkflowObserver[];
  /**
   * Installs bench/prototypes/outbox-notify-after-commit.ts on the pool (pg only): the outbox's wake-up is sent
   * after the commit, coalesced, instead of inside the transaction.
   */
  notifyAfterCommit?: boolean;
  /** Runs in place of the `noop` command every bench workflow uses, e.g. to timestamp its start. */
  command?: (ctx: { triggerMetadata: Readonly<Record<string, unknown>> }) => void;
}

/** A runtime on its own pool, with a `LISTEN` source on the same adapter when asked for one. */
export interface WakeRuntime {
  runtime: WorkflowRuntime;
  /** Opens a wake-up source (`createPgWakeSource` / `createKyselyWakeSource`) on this runtime's pool. */
  wakeSource(): ListenWakeSource;
  close(): Promise<void>;
}

/**
 * A runtime with durable execution on `backend`, every bench workflow registered and a wall clock; the pool
 * has `poolSize` connections (plus one the wake source may hold).
 */
export async function createWakeRuntime(
  backend: WakeBackend,
  db: BenchDatabase,
  poolSize: number,
  options: WakeRuntimeOptions = {},
): Promise<WakeRuntime> {
  const core = await import("@duraflows/core");
  const pool: pg.Pool = db.pool(poolSize + 1);
  const flags = { durableExecution: true, notify: options.notify ?? false, outbox: options.outbox ?? false };
  let provider: WorkflowPersistenceProvider;
  let wakeSource: WakeRuntime["wakeSource"];
  let close: () => Promise<void>;
  if (options.notifyAfterCommit) {
    if (backend !== "pg") throw new Error("the notify-after-commit prototype patches a pg pool");
    const { installOutboxNotifyAfterCommit } = await import("../prototypes/outbox-notify-after-commit.js");
    installOutboxNotifyAfterCommit(pool);
  }
  if (backend === "pg") {
    const { pgWorkflowProviders, createPgWakeSource } = await import("@duraflows/pg");
    provider = pgWorkflowProviders(pool, flags);
    wakeSource = () => createPgWakeSource(pool);
    close = () => pool.end();
  } else {
    const { Kysely, PostgresDialect } = await import("kysely");
    const { kyselyWorkflowProviders, createKyselyWakeSource } = await import("@duraflows/kysely");
    const kysely = new Kysely<WorkflowDatabase>({ dialect: new PostgresDialect({ pool }) });
    // The adapter may type-check against another kysely patch release than the root's; same runtime object.
    provider = kyselyWorkflowProviders(
      kysely as unknown as Parameters<typeof kyselyWorkflowProviders>[0],
      flags,
    );
    wakeSource = () => createKyselyWakeSource(pool);
    close = () => kysely.destroy();
  }
  const definitionRegistry = new core.InMemoryDefinitionRegistry();
  for (const definition of allWorkflows) definitionRegistry.register(definition);
  const commandRegistry = new core.InMemoryCommandRegistry();
  const command = options.command;
  commandRegistry.register("noop", {
    execute: (_subject, ctx) => {
      command?.(ctx);
      return { ok: true };
    },
  });
  const runtime = new core.WorkflowRuntime({
    ...provider,
    definitionRegistry,
    commandRegistry,
    clock: { now: () => new Date() },
    ...(options.observers ? { observers: options.observers } : {}),
  });
  await runtime.initialize();
  return { runtime, wakeSource, close };
}
