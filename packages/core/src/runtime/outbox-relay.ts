import { describeThrown } from "../errors/describe-thrown.js";
import { WorkflowError } from "../errors/workflow-error.js";
import type { StateEnterEvent } from "../observer/types.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";
import type { OutboxFailure, WorkflowOutboxStore } from "../persistence/workflow-outbox-store.js";
import type { RelayOutboxInput, RelayOutboxResult, WorkflowOutboxRecord } from "../model/outbox.js";

const DEFAULT_LIMIT = 100;

/**
 * The runtime's outbox store; throws when the persistence has none.
 *
 * @internal
 */
export function requireOutboxStore(internals: RuntimeInternals): WorkflowOutboxStore {
  if (!internals.outboxStore) {
    throw new WorkflowError(
      "Outbox delivery needs an outbox store: enable it in the persistence provider (outbox: true)",
    );
  }
  return internals.outboxStore;
}

/**
 * The event an outbox row delivers: the stored event with its dates revived, `eventId` set, deep-frozen.
 *
 * @internal
 */
function outboxEvent(record: WorkflowOutboxRecord): StateEnterEvent {
  const event = structuredClone(record.event) as StateEnterEvent & { occurredAt: Date | string };
  return deepFreezeEvent({ ...event, occurredAt: new Date(event.occurredAt), eventId: record.uuid });
}

function deepFreezeEvent<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreezeEvent((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Delay before retry `attempt` (1-based): `initialDelayMs` doubled per earlier attempt, capped. */
function backoffMs(attempt: number, initialDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 30));
}

/**
 * One relay pass: claims due rows in a short transaction (a lease, so the observers run outside any
 * transaction and a relay that dies just lets the lease run out), calls each row's observer in `seq` order,
 * then records the outcomes in a second transaction. Failures are retried with exponential backoff and parked
 * after `maxAttempts` claims.
 *
 * @internal
 */
export async function relayOutbox(
  internals: RuntimeInternals,
  input: RelayOutboxInput = {},
): Promise<RelayOutboxResult> {
  const limit = input.limit ?? DEFAULT_LIMIT;
  assertPositiveSafeInteger("limit", limit);
  const store = requireOutboxStore(internals);
  const policy = internals.outboxPolicy;
  const runner = internals.transactionRunner;
  // A relay delivers only for the observers this runtime has: rows of the others wait for their own process.
  const observerNames = internals.observers.outboxObserverNames();
  if (observerNames.length === 0) return { claimed: 0, delivered: 0, retried: 0, parked: 0 };
  const claimedAt = internals.clock.now();
  const claimed = await runner.runInTransaction(() =>
    store.claimDue({
      now: claimedAt,
      leaseUntil: new Date(claimedAt.getTime() + policy.leaseMs),
      limit,
      observerNames,
    }),
  );
  const result: RelayOutboxResult = { claimed: claimed.length, delivered: 0, retried: 0, parked: 0 };
  if (claimed.length === 0) return result;
  const delivered: string[] = [];
  const failures: OutboxFailure[] = [];
  for (const record of claimed) {
    const error = await deliver(internals, record);
    if (error === undefined) {
      delivered.push(record.uuid);
      continue;
    }
    const park = record.attempts >= policy.maxAttempts;
    const retryAt = park
      ? null
      : new Date(
          internals.clock.now().getTime() +
            backoffMs(record.attempts, policy.initialDelayMs, policy.maxDelayMs),
        );
    failures.push({ uuid: record.uuid, attempts: record.attempts, error, retryAt });
    if (park) result.parked++;
    else result.retried++;
  }
  result.delivered = delivered.length;
  const reportedAt = internals.clock.now();
  await runner.runInTransaction(async () => {
    if (delivered.length > 0) await store.markDelivered(delivered, reportedAt);
    for (const failure of failures) await store.markFailed(failure);
  });
  return result;
}

/** Calls the row's observer; returns the failure message, or `undefined` on success. */
async function deliver(
  internals: RuntimeInternals,
  record: WorkflowOutboxRecord,
): Promise<string | undefined> {
  const observer = internals.observers.find(record.observerName);
  if (!observer || typeof observer.onEnter !== "function") {
    return `Observer "${record.observerName}" is not registered on this runtime`;
  }
  try {
    await observer.onEnter(outboxEvent(record));
    return undefined;
  } catch (error) {
    return describeThrown(error);
  }
}
