import { copyInstance } from "./copy-instance.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { ExecutionPage, ExecutionStatusSummary, ListExecutionsInput } from "../reads/execution-reads.js";
import type {
  InstancePage,
  InstanceStateCount,
  ListInstancesInput,
  TimeoutSummary,
} from "../reads/instance-reads.js";
import { decodeReadCursor, encodeReadCursor } from "../reads/read-cursor.js";
import { resolveInstanceListOrder, toInstancePage } from "../reads/instance-list-order.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `countInstancesByState` over in-memory rows. @internal */
export function countRowsByState(
  rows: Iterable<WorkflowInstance>,
  workflowName: string | undefined,
): InstanceStateCount[] {
  const groups = new Map<string, InstanceStateCount>();
  for (const row of rows) {
    if (workflowName !== undefined && row.workflowName !== workflowName) continue;
    const key = JSON.stringify([row.workflowName, row.definitionVersion, row.currentState]);
    const group = groups.get(key);
    if (group) group.count++;
    else
      groups.set(key, {
        workflowName: row.workflowName,
        definitionVersion: row.definitionVersion,
        state: row.currentState,
        count: 1,
      });
  }
  return [...groups.values()];
}

function matches(row: WorkflowInstance, input: ListInstancesInput): boolean {
  const inRange = (value: Date, from?: Date, to?: Date) =>
    (from === undefined || value.getTime() >= from.getTime()) &&
    (to === undefined || value.getTime() < to.getTime());
  return (
    row.workflowName === input.workflowName &&
    (input.state === undefined || row.currentState === input.state) &&
    (input.definitionVersion === undefined || row.definitionVersion === input.definitionVersion) &&
    (input.metadata === undefined ||
      (Object.hasOwn(row.metadata, input.metadata.key) &&
        row.metadata[input.metadata.key] === input.metadata.value)) &&
    inRange(row.createdAt, input.createdFrom, input.createdTo) &&
    inRange(row.lastTransitionAt, input.lastTransitionFrom, input.lastTransitionTo)
  );
}

/** `listInstances` over in-memory rows (keyset on the order's timestamp, then uuid, in its direction). @internal */
export function listInstanceRows(rows: Iterable<WorkflowInstance>, input: ListInstancesInput): InstancePage {
  const order = resolveInstanceListOrder(input);
  const after = input.after === undefined ? undefined : decodeReadCursor(input.after);
  const sign = order.direction === "desc" ? -1 : 1;
  const key = (row: WorkflowInstance) =>
    (order.by === "createdAt" ? row.createdAt : row.lastTransitionAt).getTime();
  // Ascending comparison of (timestamp, lowercase uuid), flipped for descending order.
  const compare = (at: number, uuid: string, otherAt: number, otherUuid: string) =>
    sign * (at - otherAt || byString(uuid, otherUuid));
  const sorted = [...rows]
    .filter((row) => matches(row, input))
    .sort((a, b) => compare(key(a), a.uuid.toLowerCase(), key(b), b.uuid.toLowerCase()))
    .filter(
      (row) =>
        after === undefined || compare(key(row), row.uuid.toLowerCase(), after.at.getTime(), after.uuid) > 0,
    );
  return toInstancePage(
    sorted.slice(0, input.limit + 1).map((row) => copyInstance(row)),
    input,
  );
}

/** `summarizeTimeouts` over in-memory rows. @internal */
export function summarizeTimeoutRows(
  rows: Iterable<WorkflowInstance>,
  input: { now: Date; workflowName?: string },
): TimeoutSummary {
  const summary: TimeoutSummary = { overdue: 0, oldestOverdueAt: null, parked: 0, oldestParkedAt: null };
  const earlier = (a: Date | null, b: Date) => (a === null || b.getTime() < a.getTime() ? new Date(b) : a);
  for (const row of rows) {
    if (input.workflowName !== undefined && row.workflowName !== input.workflowName) continue;
    const parkedAt = row.timeoutRetry?.parkedAt ?? null;
    if (parkedAt !== null) {
      summary.parked++;
      summary.oldestParkedAt = earlier(summary.oldestParkedAt, parkedAt);
    } else if (row.expiresAt !== null && row.expiresAt.getTime() < input.now.getTime()) {
      summary.overdue++;
      summary.oldestOverdueAt = earlier(summary.oldestOverdueAt, row.expiresAt);
    }
  }
  return summary;
}

/** `summarizeExecutions` over in-memory rows. @internal */
export function summarizeExecutionRows(rows: Iterable<DurableWorkflowExecution>): ExecutionStatusSummary[] {
  const byStatus = new Map<string, ExecutionStatusSummary>();
  for (const row of rows) {
    const entry = byStatus.get(row.status);
    if (!entry) byStatus.set(row.status, { status: row.status, count: 1, oldestCreatedAt: row.createdAt });
    else {
      entry.count++;
      if (Date.parse(row.createdAt) < Date.parse(entry.oldestCreatedAt))
        entry.oldestCreatedAt = row.createdAt;
    }
  }
  return [...byStatus.values()];
}

/** `listExecutions` over in-memory rows (keyset on availableAt asc, uuid asc). @internal */
export function listExecutionRows(
  rows: Iterable<DurableWorkflowExecution>,
  input: ListExecutionsInput,
): ExecutionPage {
  const after = input.after === undefined ? undefined : decodeReadCursor(input.after);
  const time = (row: DurableWorkflowExecution) => Date.parse(row.availableAt);
  const sorted = [...rows]
    .filter((row) => input.status === undefined || row.status === input.status)
    .filter(
      (row) =>
        input.workflowInstanceUuid === undefined ||
        row.workflowInstanceUuid.toLowerCase() === input.workflowInstanceUuid.toLowerCase(),
    )
    .sort((a, b) => time(a) - time(b) || byString(a.uuid.toLowerCase(), b.uuid.toLowerCase()))
    .filter(
      (row) =>
        after === undefined ||
        time(row) > after.at.getTime() ||
        (time(row) === after.at.getTime() && row.uuid.toLowerCase() > after.uuid),
    );
  const items = sorted.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: sorted.length > input.limit && last ? encodeReadCursor(last.availableAt, last.uuid) : null,
  };
}
