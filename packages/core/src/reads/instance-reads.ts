import type { WorkflowInstance } from "../model/workflow-instance.js";

/** One group of {@link WorkflowInstanceReads.countInstancesByState}: instances of a workflow version in a state. */
export interface InstanceStateCount {
  workflowName: string;
  /** `null` for legacy instances without a definition version. */
  definitionVersion: number | null;
  state: string;
  count: number;
}

/** The sort key of {@link ListInstancesInput.orderBy}. */
export type InstanceListOrderBy = "lastTransitionAt" | "createdAt";

/** The sort direction of {@link ListInstancesInput.direction}. */
export type InstanceListDirection = "desc" | "asc";

/** Filters and page of {@link WorkflowInstanceReads.listInstances}. Every given filter must match. */
export interface ListInstancesInput {
  workflowName: string;
  state?: string;
  definitionVersion?: number;
  /** Instances whose metadata holds `key` with exactly this (scalar) value. */
  metadata?: { key: string; value: string | number | boolean };
  /** Inclusive lower bound of `createdAt`. */
  createdFrom?: Date;
  /** Exclusive upper bound of `createdAt`. */
  createdTo?: Date;
  /** Inclusive lower bound of `lastTransitionAt`. */
  lastTransitionFrom?: Date;
  /** Exclusive upper bound of `lastTransitionAt`. */
  lastTransitionTo?: Date;
  /** Sort key: `"lastTransitionAt"` (the default) or `"createdAt"`; ties are broken by uuid. */
  orderBy?: InstanceListOrderBy;
  /** `"desc"` (newest first, the default) or `"asc"` (oldest first); the uuid tie-break follows it. */
  direction?: InstanceListDirection;
  /** Page size, a positive integer. */
  limit: number;
  /** `nextCursor` of the previous page, asked for with the same order; absent for the first page. */
  after?: string;
}

/** A page of instances in the order asked for (by default most recent transition first, then uuid descending). */
export interface InstancePage {
  items: WorkflowInstance[];
  /** Opaque cursor of the next page, `null` when this page is the last one. */
  nextCursor: string | null;
}

/** Stuck-timeout signals of {@link WorkflowInstanceReads.summarizeTimeouts}. */
export interface TimeoutSummary {
  /** Armed, not parked, with `expiresAt` before `now`. */
  overdue: number;
  /** Earliest `expiresAt` among the overdue ones. */
  oldestOverdueAt: Date | null;
  /** Timeouts parked after exhausting their retries. */
  parked: number;
  /** Earliest `parkedAt`. */
  oldestParkedAt: Date | null;
}

/**
 * Optional read capabilities of an instance store, used by dashboards and operators. Each member is
 * independent; callers check for its presence. All are plain reads (no transaction, no locks).
 */
export interface WorkflowInstanceReads {
  /** Instance counts grouped by workflow, definition version and state; optionally of one workflow. */
  countInstancesByState?(input: { workflowName?: string }): Promise<InstanceStateCount[]>;
  /**
   * A page of instances matching the filters, ordered by `orderBy` (default `lastTransitionAt`) then uuid, both
   * in `direction` (default descending), with keyset pagination (`after`). A malformed cursor or an unknown
   * order throws `InvalidArgumentError` (see `resolveInstanceListOrder`).
   */
  listInstances?(input: ListInstancesInput): Promise<InstancePage>;
  /** Overdue and parked timeout counts and the oldest of each, as of `now`; optionally of one workflow. */
  summarizeTimeouts?(input: { now: Date; workflowName?: string }): Promise<TimeoutSummary>;
}
