import type { WorkflowExecutionStore } from "../persistence/workflow-execution-store.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";

/** What {@link ExecutionStoreConformanceHarness.setup} returns: fresh objects for one test. */
export interface ExecutionStoreConformanceSetup {
  store: WorkflowExecutionStore;
  transactionRunner: WorkflowTransactionRunner;
  /**
   * Creates a workflow instance row (so stores with a foreign key accept executions for it) and returns its
   * uuid. Defaults: a random uuid, workflow `"conformance"`, definition version 1, state `"open"`.
   */
  createInstance(input?: {
    uuid?: string;
    workflowName?: string;
    definitionVersion?: number | null;
    currentState?: string;
  }): Promise<string>;
  teardown(): Promise<void>;
}
