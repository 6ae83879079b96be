import { InvalidArgumentError, WorkflowError } from "../errors/workflow-error.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";
import { isUuidText } from "../util/is-uuid-text.js";
import { requireOutboxStore } from "./outbox-relay.js";
import type { ListOutboxRecordsInput, PruneOutboxInput, WorkflowOutboxRecord } from "../model/outbox.js";

const STATUSES = new Set(["pending", "delivered", "parked"]);

/**
 * Outbox rows, oldest first (default limit 100).
 *
 * @internal
 */
export async function listOutbox(
  internals: RuntimeInternals,
  input: ListOutboxRecordsInput = {},
): Promise<WorkflowOutboxRecord[]> {
  const limit = input.limit ?? 100;
  assertPositiveSafeInteger("limit", limit);
  if (input.status !== undefined && !STATUSES.has(input.status)) {
    throw new InvalidArgumentError(
      `status must be "pending", "delivered" or "parked", got ${JSON.stringify(input.status)}`,
    );
  }
  const store = requireOutboxStore(internals);
  if (input.workflowInstanceUuid !== undefined && !isUuidText(input.workflowInstanceUuid)) return [];
  return internals.transactionRunner.runInTransaction(() =>
    store.list({
      limit,
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.workflowInstanceUuid !== undefined
        ? { workflowInstanceUuid: input.workflowInstanceUuid }
        : {}),
    }),
  );
}

/**
 * Puts an outbox row (typically a parked one) back to pending, due now, with zero attempts.
 *
 * @internal
 */
export async function redeliverOutbox(
  internals: RuntimeInternals,
  uuid: string,
): Promise<WorkflowOutboxRecord> {
  const store = requireOutboxStore(internals);
  const record = isUuidText(uuid)
    ? await internals.transactionRunner.runInTransaction(() => store.redeliver(uuid, internals.clock.now()))
    : null;
  if (!record) throw new WorkflowError(`Outbox record ${uuid} not found`);
  return record;
}

/**
 * Deletes delivered rows delivered before `deliveredBefore`, in batches of one transaction each.
 *
 * @internal
 */
export async function pruneOutbox(
  internals: RuntimeInternals,
  input: PruneOutboxInput,
): Promise<{ deleted: number }> {
  if (!(input.deliveredBefore instanceof Date) || Number.isNaN(input.deliveredBefore.getTime())) {
    throw new InvalidArgumentError("deliveredBefore must be a valid Date");
  }
  const batchSize = input.batchSize ?? 1_000;
  assertPositiveSafeInteger("batchSize", batchSize);
  if (input.maxBatches !== undefined) assertPositiveSafeInteger("maxBatches", input.maxBatches);
  const store = requireOutboxStore(internals);
  let deleted = 0;
  for (let batch = 0; input.maxBatches === undefined || batch < input.maxBatches; batch++) {
    const count = await internals.transactionRunner.runInTransaction(() =>
      store.deleteDelivered({ before: input.deliveredBefore, limit: batchSize }),
    );
    deleted += count;
    if (count < batchSize) break;
  }
  return { deleted };
}
