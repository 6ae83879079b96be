// test/my-adapter.test.ts in your adapter package: the shared kits first, adapter-specific cases below.
import { afterAll } from "vitest";
import {
  runDefinitionStoreConformance,
  runIdempotencyStoreConformance,
  runInstanceStoreConformance,
  runTransactionRunnerConformance,
} from "@duraflows/core/testing";
import {
  PgTransactionRunner,
  PgWorkflowDefinitionStore,
  PgWorkflowIdempotencyStore,
  PgWorkflowInstanceStore,
} from "@duraflows/pg";
import pg from "pg";

// Stand-ins: replace the Pg* classes with your adapter's stores. The schema must exist in this database.
const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"] });
const truncate = () =>
  pool.query(
    // CASCADE also empties the tables that reference these (workflow_executions, when you have it).
    "TRUNCATE workflow_event_idempotency, workflow_history, workflow_instances, workflow_definitions CASCADE",
  );
afterAll(() => pool.end());

runInstanceStoreConformance("my adapter", {
  setup: async () => ({
    store: new PgWorkflowInstanceStore(pool),
    transactionRunner: new PgTransactionRunner(pool),
    teardown: async () => void (await truncate()),
  }),
});

runDefinitionStoreConformance("my adapter", {
  setup: async () => ({
    store: new PgWorkflowDefinitionStore(pool),
    teardown: async () => void (await truncate()),
  }),
});

runTransactionRunnerConformance("my adapter", {
  setup: async () => {
    const runner = new PgTransactionRunner(pool);
    return {
      runner,
      store: new PgWorkflowInstanceStore(pool),
      // Makes PostgreSQL fail inside the current transaction, so savepoint recovery is exercised.
      failWithDatabaseError: async () => {
        await runner.runInTransaction(() => pool.query("SELECT * FROM no_such_table"));
      },
      teardown: async () => void (await truncate()),
    };
  },
});

runIdempotencyStoreConformance("my adapter", {
  setup: async () => {
    const instances = new PgWorkflowInstanceStore(pool);
    const transactionRunner = new PgTransactionRunner(pool);
    const instanceUuid = crypto.randomUUID();
    const now = new Date();
    await transactionRunner.runInTransaction(() =>
      instances.create({
        uuid: instanceUuid,
        workflowName: "kit",
        currentState: "open",
        version: 0,
        definitionVersion: 1,
        expiresAt: null,
        timeoutRetry: null,
        lastTransitionAt: now,
        context: {},
        metadata: {},
        createdAt: now,
        updatedAt: now,
      }),
    );
    return {
      store: new PgWorkflowIdempotencyStore(pool),
      transactionRunner,
      instanceUuid,
      withInstanceLock: (work) =>
        transactionRunner.runInTransaction(async () => {
          await instances.lockByUuid(instanceUuid);
          return work();
        }),
      teardown: async () => void (await truncate()),
    };
  },
});
