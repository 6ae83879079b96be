import {
  runDefinitionStoreConformance,
  runExecutionStoreConformance,
  runIdempotencyStoreConformance,
  runInstanceStoreConformance,
  runTransactionRunnerConformance,
} from "@duraflows/core/testing";
import { afterAll } from "vitest";
import { PgTransactionContext } from "../../src/pg-transaction-context.js";
import { PgTransactionRunner } from "../../src/pg-transaction-runner.js";
import { PgWorkflowDefinitionStore } from "../../src/pg-workflow-definition-store.js";
import { PgWorkflowExecutionStore } from "../../src/pg-workflow-execution-store.js";
import { PgWorkflowHistoryStore } from "../../src/pg-workflow-history-store.js";
import { PgWorkflowIdempotencyStore } from "../../src/pg-workflow-idempotency-store.js";
import { PgWorkflowInstanceStore } from "../../src/pg-workflow-instance-store.js";
import { instanceFixture } from "./fixtures.js";
import { createPgTestSchema, type Bootstrap, type PgTestSchema } from "./pg-test-schema.js";

/**
 * Registers the five conformance kits of `@duraflows/core/testing` against one PostgreSQL schema, built
 * either by the generator or by the dbmate files. The database is created lazily by the first test and
 * truncated before every test.
 */
export function registerPgConformance(label: string, schema: string, bootstrap: Bootstrap): void {
  let envPromise: Promise<PgTestSchema> | undefined;
  const env = async (): Promise<PgTestSchema> => {
    envPromise ??= createPgTestSchema(`pg-conformance-${bootstrap}`, schema, bootstrap);
    const ready = await envPromise;
    await ready.truncate();
    return ready;
  };
  const noop = async (): Promise<void> => undefined;
  afterAll(async () => {
    if (envPromise) await (await envPromise).drop();
  });

  runInstanceStoreConformance(label, {
    setup: async () => {
      const { pool } = await env();
      return {
        store: new PgWorkflowInstanceStore(pool),
        transactionRunner: new PgTransactionRunner(pool),
        historyStore: new PgWorkflowHistoryStore(pool),
        teardown: noop,
      };
    },
  });

  runDefinitionStoreConformance(label, {
    setup: async () => ({ store: new PgWorkflowDefinitionStore((await env()).pool), teardown: noop }),
  });

  runTransactionRunnerConformance(label, {
    setup: async () => {
      const { pool } = await env();
      return {
        runner: new PgTransactionRunner(pool),
        store: new PgWorkflowInstanceStore(pool),
        failWithDatabaseError: async () => {
          await PgTransactionContext.getClient(pool)!.query("SELECT * FROM conformance_missing_table");
        },
        teardown: noop,
      };
    },
  });

  runIdempotencyStoreConformance(label, {
    setup: async () => {
      const { pool } = await env();
      const instances = new PgWorkflowInstanceStore(pool);
      const transactionRunner = new PgTransactionRunner(pool);
      const instance = instanceFixture();
      await instances.create(instance);
      return {
        store: new PgWorkflowIdempotencyStore(pool),
        transactionRunner,
        instanceUuid: instance.uuid,
        withInstanceLock: (work) =>
          transactionRunner.runInTransaction(async () => {
            await instances.lockByUuid(instance.uuid);
            return work();
          }),
        teardown: noop,
      };
    },
  });

  runExecutionStoreConformance(label, {
    setup: async () => {
      const { pool } = await env();
      const instances = new PgWorkflowInstanceStore(pool);
      const transactionRunner = new PgTransactionRunner(pool);
      return {
        store: new PgWorkflowExecutionStore(pool),
        transactionRunner,
        withInstanceLock: (uuid, work) =>
          transactionRunner.runInTransaction(async () => {
            await instances.lockByUuid(uuid);
            await work();
          }),
        createInstance: async (input = {}) => {
          const instance = instanceFixture({
            workflowName: input.workflowName ?? "conformance",
            definitionVersion: input.definitionVersion === undefined ? 1 : input.definitionVersion,
            currentState: input.currentState ?? "open",
            ...(input.uuid === undefined ? {} : { uuid: input.uuid }),
          });
          await instances.create(instance);
          return instance.uuid;
        },
        teardown: noop,
      };
    },
  });
}
