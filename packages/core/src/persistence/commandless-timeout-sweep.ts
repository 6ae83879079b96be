import type { WorkflowInstance } from "../model/workflow-instance.js";

/**
 * A (workflow, version, state) whose due timeout is pure data: the timeout event has no guard and no commands
 * and its target state no onEnter, so firing it only moves the row. Computed by the runtime from the
 * registered definitions.
 */
export interface CommandlessTimeoutRule {
  workflowName: string;
  /** Only instances stamped with this version match (the registered version, which governs them). */
  definitionVersion: number;
  fromState: string;
  eventName: string;
  toState: string;
  /** The entered state's context patch, merged key by key over the instance context (`{}` when none). */
  patch: Record<string, unknown>;
  /** The entered state's deadline, computed at the sweep's `now` (`null` when it has no timeout). */
  expiresAt: Date | null;
}

/** Input of {@link WorkflowInstanceStore.sweepCommandlessTimeouts}. */
export interface SweepCommandlessTimeoutsInput {
  rules: readonly CommandlessTimeoutRule[];
  /** At most this many instances are moved. */
  limit: number;
  /** The sweep's clock reading: the due filter of `findExpired`, and the transition time written. */
  now: Date;
  /** The history rows' trigger metadata (`{ source: "timeout" }`, plus the trace when tracing). */
  triggerMetadata: Record<string, unknown>;
}

/** One instance a set-based sweep moved. */
export interface SweptTimeout {
  /** The instance as written. */
  instance: WorkflowInstance;
  fromState: string;
  eventName: string;
}

/** What {@link WorkflowInstanceStore.sweepCommandlessTimeouts} did. */
export interface SweptTimeouts {
  /** The moved instances, in due order. */
  swept: SweptTimeout[];
  /**
   * Whether a due instance that no rule covers may exist, so that a scan for the rest of `limit` could find
   * something to do: `false` only when fewer than `limit` instances were moved and the store saw no such
   * instance (in the SQL stores, at the statement's snapshot). Due instances the rules cover but the sweep
   * left were held by other transactions, and the scan skips them too. A store that does not check returns
   * `true`.
   */
  uncoveredDue: boolean;
}
