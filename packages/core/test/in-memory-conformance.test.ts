import { randomUUID } from "node:crypto";
import {
  InMemoryDefinitionStore,
  InMemoryHistoryStore,
  InMemoryIdempotencyStore,
  InMemoryInstanceStore,
  InMemoryTransactionRunner,
  runDefinitionStoreConformance,
  runIdempotencyStoreConformance,
  runInstanceStoreConformance,
  runTransactionRunnerConformance,
} from "@duraflows/core/testing";

const noop = async (): Promise<void> => undefined;

runInstanceStoreConformance("in-memory", {
  async setup() {
    const transactionRunner = new InMemoryTransactionRunner();
    const store = new InMemoryInstanceStore(transactionRunner);
    const historyStore = new InMemoryHistoryStore(transactionRunner, { instanceStore: store });
    return { store, transactionRunner, historyStore, teardown: noop };
  },
});

runDefinitionStoreConformance("in-memory", {
  async setup() {
    return { store: new InMemoryDefinitionStore(), teardown: noop };
  },
});

runTransactionRunnerConformance("in-memory", {
  async setup() {
    const runner = new InMemoryTransactionRunner();
    return {
      runner,
      store: new InMemoryInstanceStore(runner),
      // The in-memory analogue of a failing statement: the error aborts only the innermost scope.
      failWithDatabaseError: async () => {
        throw new Error("simulated database error");
      },
      teardown: noop,
    };
  },
});

runIdempotencyStoreConformance("in-memory", {
  async setup() {
    const transactionRunner = new InMemoryTransactionRunner();
    const instances = new InMemoryInstanceStore(transactionRunner);
    const instanceUuid = randomUUID();
    const now = new Date(0);
    await transactionRunner.runInTransaction(() =>
      instances.create({
        uuid: instanceUuid,
        workflowName: "receipts",
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
      store: new InMemoryIdempotencyStore(transactionRunner),
      transactionRunner,
      instanceUuid,
      withInstanceLock: <T>(work: () => Promise<T>) =>
        transactionRunner.runInTransaction(async () => {
          await instances.lockByUuid(instanceUuid);
          return work();
        }),
      teardown: noop,
    };
  },
});
