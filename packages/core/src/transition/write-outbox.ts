import { randomUuid } from "../util/random-uuid.js";
import type { StateEnterEvent } from "../observer/types.js";
import type { NewWorkflowOutboxRecord } from "../model/outbox.js";
import type { WorkflowOutboxStore } from "../persistence/workflow-outbox-store.js";

/**
 * Appends one outbox row per (event, outbox observer), events in queue order, inside the active transaction.
 *
 * @internal
 */
export function writeOutbox(
  store: WorkflowOutboxStore,
  observerNames: readonly string[],
  events: readonly StateEnterEvent[],
  now: Date,
): Promise<void> {
  const rows: NewWorkflowOutboxRecord[] = [];
  for (const event of events) {
    for (const observerName of observerNames) {
      rows.push({
        uuid: randomUuid(),
        observerName,
        workflowName: event.workflowName,
        workflowInstanceUuid: event.instanceUuid,
        event,
        createdAt: now,
      });
    }
  }
  return store.append(rows);
}
