import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { WorkflowInstance } from "../src/model/workflow-instance.js";
import { executionFixture } from "../src/testing/execution-fixture.js";
import { runExecutionStoreConformance } from "../src/testing/execution-store-conformance.js";
import { InMemoryExecutionStore } from "../src/testing/in-memory-execution-store.js";
import { InMemoryInstanceStore } from "../src/testing/in-memory-instance-store.js";
import { InMemoryTransactionRunner } from "../src/testing/in-memory-transaction-runner.js";

function instanceRow(input: {
  uuid?: string;
  workflowName?: string;
  definitionVersion?: number | null;
  currentState?: string;
}): WorkflowInstance {
  const now = new Date("2030-01-01T00:00:00.000Z");
  return {
    uuid: input.uuid ?? randomUUID(),
    workflowName: input.workflowName ?? "conformance",
    currentState: input.currentState ?? "open",
    version: 0,
    definitionVersion: input.definitionVersion === undefined ? 1 : input.definitionVersion,
    expiresAt: null,
    timeoutRetry: null,
    lastTransitionAt: now,
    context: {},
    metadata: {},
    createdAt: now,
    updatedAt: now,
  };
}

function build(withInstances: boolean) {
  const transactionRunner = new InMemoryTransactionRunner();
  const instances = new InMemoryInstanceStore(transactionRunner);
  const store = new InMemoryExecutionStore(
    transactionRunner,
    withInstances ? { instanceStore: () => instances } : {},
  );
  return {
    store,
    transactionRunner,
    createInstance: async (input: Parameters<typeof instanceRow>[0] = {}) => {
      const row = instanceRow(input);
      await transactionRunner.runInTransaction(() => instances.create(row));
      return row.uuid;
    },
    withInstanceLock: (uuid: string, work: () => Promise<void>) =>
      transactionRunner.runInTransaction(async () => {
        await instances.lockByUuid(uuid);
        await work();
      }),
    teardown: async () => undefined,
  };
}

runExecutionStoreConformance("InMemoryExecutionStore", { setup: async () => build(true) });
runExecutionStoreConformance("InMemoryExecutionStore without an instance store", {
  setup: async () => build(false),
});

describe("InMemoryExecutionStore specifics", () => {
  it("offers countInstancesUsingDefinition only with an instance store (option or attach)", () => {
    const runner = new InMemoryTransactionRunner();
    const bare = new InMemoryExecutionStore(runner);
    expect(bare.countInstancesUsingDefinition).toBeUndefined();
    bare.attachInstanceStore(new InMemoryInstanceStore(runner));
    expect(typeof bare.countInstancesUsingDefinition).toBe("function");
  });

  it("writes outside a transaction fail with the adapters' message", async () => {
    const { store } = build(false);
    await expect(store.create(executionFixture())).rejects.toThrow(
      "WorkflowExecutionStore writes require an active transaction",
    );
  });

  it("a failed nested transaction undoes only its own writes", async () => {
    const env = build(false);
    const kept = executionFixture({ workflowInstanceUuid: await env.createInstance() });
    const dropped = executionFixture({ workflowInstanceUuid: await env.createInstance() });
    await env.transactionRunner.runInTransaction(async () => {
      await env.store.create(kept);
      await env.transactionRunner
        .runInTransaction(async () => {
          await env.store.create(dropped);
          throw new Error("nested");
        })
        .catch(() => undefined);
    });
    expect(await env.store.findByUuid(kept.uuid)).toEqual(kept);
    expect(await env.store.findByUuid(dropped.uuid)).toBeNull();
  });
});
