import { randomUUID } from "node:crypto";
import {
  runDefinitionStoreConformance,
  runExecutionStoreConformance,
  runIdempotencyStoreConformance,
  runInstanceStoreConformance,
  runOutboxStoreConformance,
  runTransactionRunnerConformance,
} from "@duraflows/core/testing";
import { runDurableScenarios, runRuntimeScenarios } from "@duraflows/test-support";
import { sql } from "kysely";
import { kyselyWorkflowProviders } from "../../src/kysely-providers.js";
import { KyselyTransactionContext } from "../../src/kysely-transaction-context.js";
import type { KyselyTestBackend } from "./kysely-test-backends.js";

const noTeardown = async (): Promise<void> => undefined;

/** Fresh providers on a truncated database, with every optional store. */
export async function freshProviders(backend: KyselyTestBackend) {
  await backend.truncate();
  return kyselyWorkflowProviders(backend.db, { idempotency: true, durableExecution: true });
}

/** Inserts a workflow instance row directly and returns its uuid. */
export async function insertInstanceRow(
  backend: KyselyTestBackend,
  input: {
    uuid?: string;
    workflowName?: string;
    definitionVersion?: number | null;
    currentState?: string;
  } = {},
): Promise<string> {
  const uuid = input.uuid ?? randomUUID();
  await backend.db
    .insertInto("workflow_instances")
    .values({
      uuid,
      workflow_name: input.workflowName ?? "conformance",
      current_state: input.currentState ?? "open",
      version: 0,
      definition_version: input.definitionVersion === undefined ? 1 : input.definitionVersion,
      expires_at: null,
      last_transition_at: new Date(),
      context_json: "{}",
      metadata_json: "{}",
    })
    .execute();
  return uuid;
}

/**
 * Runs every conformance kit of `@duraflows/core/testing` and the shared runtime and durable scenario suites
 * of `@duraflows/test-support` on the Kysely adapter over `backend`.
 */
export function runKyselyConformance(label: string, backend: () => KyselyTestBackend): void {
  runOutboxStoreConformance(label, {
    setup: async () => {
      await backend().truncate();
      const providers = kyselyWorkflowProviders(backend().db, { outbox: true });
      return {
        store: providers.outboxStore!,
        transactionRunner: providers.transactionRunner,
        teardown: noTeardown,
      };
    },
  });
  runInstanceStoreConformance(label, {
    // Read when a test runs: the backend starts in a hook, after the suite is registered.
    get serialTransactions() {
      return backend().kind === "pglite";
    },
    setup: async () => {
      const providers = await freshProviders(backend());
      return {
        store: providers.instanceStore,
        transactionRunner: providers.transactionRunner,
        historyStore: providers.historyStore,
        teardown: noTeardown,
      };
    },
  });

  runDefinitionStoreConformance(label, {
    setup: async () => ({ store: (await freshProviders(backend())).definitionStore!, teardown: noTeardown }),
  });

  runTransactionRunnerConformance(label, {
    setup: async () => {
      const providers = await freshProviders(backend());
      const { db } = backend();
      return {
        runner: providers.transactionRunner,
        store: providers.instanceStore,
        failWithDatabaseError: async () => {
          await sql`SELECT * FROM kysely_missing_table`.execute(
            KyselyTransactionContext.getTransaction(db) ?? db,
          );
        },
        teardown: noTeardown,
      };
    },
  });

  runIdempotencyStoreConformance(label, {
    setup: async () => {
      const providers = await freshProviders(backend());
      const instanceUuid = await insertInstanceRow(backend());
      return {
        store: providers.idempotencyStore!,
        transactionRunner: providers.transactionRunner,
        instanceUuid,
        withInstanceLock: (work) =>
          providers.transactionRunner.runInTransaction(async () => {
            await providers.instanceStore.lockByUuid(instanceUuid);
            return work();
          }),
        teardown: noTeardown,
      };
    },
  });

  runExecutionStoreConformance(label, {
    setup: async () => {
      const providers = await freshProviders(backend());
      return {
        store: providers.executionStore!,
        transactionRunner: providers.transactionRunner,
        createInstance: (input) => insertInstanceRow(backend(), input),
        withInstanceLock: (uuid, work) =>
          providers.transactionRunner.runInTransaction(async () => {
            await providers.instanceStore.lockByUuid(uuid);
            await work();
          }),
        serialTransactions: backend().kind === "pglite",
        teardown: noTeardown,
      };
    },
  });

  const scenarioHarness = {
    setup: async () => ({ provider: await freshProviders(backend()), teardown: noTeardown }),
  };
  runRuntimeScenarios(label, scenarioHarness);
  runDurableScenarios(label, scenarioHarness);
  // Opted in and without the durable execution store, command-less transitions take the optimistic path.
  runRuntimeScenarios(`${label} (optimistic transitions)`, {
    runtimeOptions: { optimisticTransitions: true },
    setup: async () => {
      await freshProviders(backend());
      return { provider: kyselyWorkflowProviders(backend().db, { idempotency: true }), teardown: noTeardown };
    },
  });
}
