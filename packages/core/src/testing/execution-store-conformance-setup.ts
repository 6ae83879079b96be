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
  /**
   * Optional: runs `work` in a transaction that holds the instance's row lock (`lockByUuid`), for the case
   * checking that `claimDue` passes over held instances (skipped, with the reason printed, without it).
   */
  withInstanceLock?(workflowInstanceUuid: string, work: () => Promise<void>): Promise<void>;
  /** Set when the backend runs one transaction at a time (one connection, e.g. PGlite). */
  serialTransactions?: boolean;
  teardown(): Promise<void>;
}
