import { terminalStates } from "../definition/terminal-states.js";
import { InvalidArgumentError, WorkflowError } from "../errors/workflow-error.js";
import type { HistoryPruneBatch, InstancePurgeBatch } from "../persistence/workflow-history-store.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";

/** Input of `WorkflowRuntime.pruneHistory`; at least one of `olderThan` and `keepLast` is required. */
export interface PruneHistoryInput {
  /** Delete only rows created before this instant. */
  olderThan?: Date;
  /**
   * Keep the newest `keepLast` rows of every instance (default and minimum 1: an instance's newest row is
   * never pruned, so `getHistory` always shows at least its last step).
   */
  keepLast?: number;
  /** Only rows of instances of this workflow. */
  workflowName?: string;
  /** Rows deleted per transaction (default 1000). */
  batchSize?: number;
  /** Stop after this many batches (default: until nothing is left). */
  maxBatches?: number;
  /** Count what would be deleted, delete nothing. */
  dryRun?: boolean;
}

/** What `WorkflowRuntime.pruneHistory` did. */
export interface PruneHistoryResult {
  /** Rows deleted (with `dryRun`: rows that would be deleted). */
  rows: number;
  /** Transactions that deleted rows (0 with `dryRun`). */
  batches: number;
  dryRun: boolean;
}

/** Input of `WorkflowRuntime.purgeInstances`. */
export interface PurgeInstancesInput {
  /** Delete instances resting in a terminal state whose last transition happened before this instant. */
  terminalBefore: Date;
  /** Only this workflow (default: every registered workflow). */
  workflowName?: string;
  /** Instances deleted per transaction (default 500). */
  batchSize?: number;
  /** Stop after this many batches (default: until nothing is left). */
  maxBatches?: number;
  /** Count what would be deleted, delete nothing. */
  dryRun?: boolean;
}

/** What `WorkflowRuntime.purgeInstances` did. */
export interface PurgeInstancesResult {
  /** Instances deleted with their history, receipts and executions (with `dryRun`: would be deleted). */
  instances: number;
  /** Transactions that deleted instances (0 with `dryRun`). */
  batches: number;
  dryRun: boolean;
}

function assertDate(name: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new InvalidArgumentError(`${name} must be a valid Date, got ${String(value)}`);
  return value;
}

function assertOptionalName(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value !== "string" || value === "")
    throw new InvalidArgumentError(`workflowName must be a non-empty string, got ${String(value)}`);
  return value;
}

function batchOptions(input: { batchSize?: number; maxBatches?: number }, defaultSize: number) {
  if (input.batchSize !== undefined) assertPositiveSafeInteger("batchSize", input.batchSize);
  if (input.maxBatches !== undefined) assertPositiveSafeInteger("maxBatches", input.maxBatches);
  return { size: input.batchSize ?? defaultSize, maxBatches: input.maxBatches ?? Number.POSITIVE_INFINITY };
}

/** Deletes batches until one comes back short (or `maxBatches` is reached); each batch is one transaction. */
async function inBatches(
  internals: RuntimeInternals,
  size: number,
  maxBatches: number,
  batch: (limit: number) => Promise<number>,
): Promise<{ total: number; batches: number }> {
  let total = 0;
  let batches = 0;
  while (batches < maxBatches) {
    const deleted = await internals.transactionRunner.runInTransaction(() => batch(size));
    if (deleted === 0) break;
    total += deleted;
    batches += 1;
    if (deleted < size) break;
  }
  return { total, batches };
}

/** @internal Implementation of `WorkflowRuntime.pruneHistory`. */
export async function pruneHistory(
  internals: RuntimeInternals,
  input: PruneHistoryInput,
): Promise<PruneHistoryResult> {
  if (input === null || typeof input !== "object")
    throw new InvalidArgumentError("pruneHistory needs an input object");
  if (input.olderThan === undefined && input.keepLast === undefined)
    throw new InvalidArgumentError("pruneHistory needs olderThan, keepLast or both");
  const olderThan = input.olderThan === undefined ? null : assertDate("olderThan", input.olderThan);
  if (input.keepLast !== undefined) assertPositiveSafeInteger("keepLast", input.keepLast);
  const workflowName = assertOptionalName(input.workflowName);
  const { size, maxBatches } = batchOptions(input, 1000);
  const store = internals.historyStore;
  if (!store.pruneHistoryBatch || !store.countPrunableHistory)
    throw new WorkflowError(
      "pruneHistory requires a history store with the pruneHistoryBatch and countPrunableHistory capabilities",
    );
  const rule: Omit<HistoryPruneBatch, "limit"> = { olderThan, keepLast: input.keepLast ?? 1, workflowName };
  if (input.dryRun === true) {
    const rows = await internals.transactionRunner.runInTransaction(() => store.countPrunableHistory!(rule));
    return { rows, batches: 0, dryRun: true };
  }
  const { total, batches } = await inBatches(internals, size, maxBatches, (limit) =>
    store.pruneHistoryBatch!({ ...rule, limit }),
  );
  return { rows: total, batches, dryRun: false };
}

/** @internal Implementation of `WorkflowRuntime.purgeInstances`. */
export async function purgeInstances(
  internals: RuntimeInternals,
  input: PurgeInstancesInput,
): Promise<PurgeInstancesResult> {
  if (input === null || typeof input !== "object")
    throw new InvalidArgumentError("purgeInstances needs an input object");
  const terminalBefore = assertDate("terminalBefore", input.terminalBefore);
  const workflowName = assertOptionalName(input.workflowName);
  const { size, maxBatches } = batchOptions(input, 500);
  const store = internals.historyStore;
  if (!store.purgeInstancesBatch || !store.countPurgeableInstances)
    throw new WorkflowError(
      "purgeInstances requires a history store with the purgeInstancesBatch and countPurgeableInstances capabilities",
    );
  const definitions =
    workflowName === null
      ? internals.definitionRegistry.getAll()
      : [internals.definitionRegistry.get(workflowName)];
  let instances = 0;
  let batches = 0;
  let remaining = maxBatches;
  for (const definition of definitions) {
    const states = terminalStates(definition);
    // A workflow without terminal states has no finished instances to purge.
    if (states.length === 0) continue;
    const rule: Omit<InstancePurgeBatch, "limit"> = {
      workflowName: definition.name,
      terminalStates: states,
      terminalBefore,
    };
    if (input.dryRun === true) {
      instances += await internals.transactionRunner.runInTransaction(() =>
        store.countPurgeableInstances!(rule),
      );
      continue;
    }
    if (remaining <= 0) break;
    const done = await inBatches(internals, size, remaining, (limit) =>
      store.purgeInstancesBatch!({ ...rule, limit }),
    );
    instances += done.total;
    batches += done.batches;
    remaining -= done.batches;
  }
  return { instances, batches, dryRun: input.dryRun === true };
}
