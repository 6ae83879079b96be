import { InvalidArgumentError, WorkflowError } from "../errors/workflow-error.js";
import type { HistoryPartitionMaintenanceResult } from "../persistence/workflow-history-store.js";
import { assertNonNegativeSafeInteger } from "../util/assert-integer.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";

/** Input of `WorkflowRuntime.maintainHistoryPartitions`. */
export interface MaintainHistoryPartitionsInput {
  /** Partitions to have ready ahead of the current one (default 3). */
  premake?: number;
  /** Detach (and drop, unless `detachOnly`) every partition whose range ends at or before this instant. */
  dropBefore?: Date;
  /** Keep detached partitions as standalone tables, for example to archive them (default `false`). */
  detachOnly?: boolean;
}

/** @internal Implementation of `WorkflowRuntime.maintainHistoryPartitions`. */
export async function maintainHistoryPartitions(
  internals: RuntimeInternals,
  input: MaintainHistoryPartitionsInput = {},
): Promise<HistoryPartitionMaintenanceResult> {
  if (input === null || typeof input !== "object")
    throw new InvalidArgumentError("maintainHistoryPartitions needs an input object");
  const premake = input.premake ?? 3;
  assertNonNegativeSafeInteger("premake", premake);
  const dropBefore = input.dropBefore ?? null;
  if (dropBefore !== null && (!(dropBefore instanceof Date) || Number.isNaN(dropBefore.getTime())))
    throw new InvalidArgumentError(`dropBefore must be a valid Date, got ${String(dropBefore)}`);
  const store = internals.historyStore;
  if (!store.maintainHistoryPartitions)
    throw new WorkflowError(
      "maintainHistoryPartitions requires a history store with the maintainHistoryPartitions capability",
    );
  return store.maintainHistoryPartitions({ premake, dropBefore, detachOnly: input.detachOnly === true });
}
