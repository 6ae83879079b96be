import type { WorkflowInstance } from "./workflow-instance.js";

/** One stored version of a workflow and how many active instances use it. */
export interface DefinitionVersionSummary {
  version: number;
  contentHash: string;
  registeredAt: Date;
  activeInstances: number;
}

/** Input of `migrateInstances`: which instances move from `fromVersion` to `toVersion`, and how. */
export interface MigrateInstancesInput {
  workflowName: string;
  fromVersion: number;
  toVersion: number;
  /** From-state → target-state; unmapped states keep their name. */
  stateMapping?: Record<string, string>;
  /** Receives a deep clone of the context and a frozen clone of the instance; returns the new context. */
  transformContext?(
    context: Record<string, unknown>,
    instance: Readonly<WorkflowInstance>,
  ): Record<string, unknown>;
  instanceUuids?: string[];
  limit?: number;
  dryRun?: boolean;
  states?: string[];
  excludeStates?: string[];
  cursor?: string;
}

/** What `migrateInstances` did (or would do, in a dry run); `nextCursor` resumes a limited run. */
export interface MigrateInstancesResult {
  dryRun: boolean;
  migrated: { uuid: string; fromState: string; toState: string }[];
  skipped: { uuid: string; reason: string }[];
  failed: { uuid: string; error: string }[];
  nextCursor: string | null;
  warnings: string[];
}
