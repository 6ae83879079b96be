import type { WorkflowHistoryRecord } from "@duraflows/core";

/**
 * Puts history rows in the order they happened. The store returns newest first by `created_at DESC, uuid DESC`,
 * but every row written by one transaction (an event plus its onEnter hops) shares `created_at`, and random
 * uuids do not preserve their order; inside such a group we follow the chain of states instead.
 */
export function chronological(records: WorkflowHistoryRecord[]): WorkflowHistoryRecord[] {
  const groups = new Map<number, WorkflowHistoryRecord[]>();
  for (const record of records) {
    const key = record.createdAt?.getTime() ?? 0;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.keys()].sort((a, b) => a - b).flatMap((key) => followChain(groups.get(key) ?? []));
}

function followChain(rows: WorkflowHistoryRecord[]): WorkflowHistoryRecord[] {
  const remaining = [...rows].reverse();
  const ordered: WorkflowHistoryRecord[] = [];
  const isFirst = (row: WorkflowHistoryRecord) =>
    !remaining.some(
      (other) => other !== row && other.toState === row.fromState && other.fromState !== row.fromState,
    );
  let next = remaining.find(isFirst) ?? remaining[0];
  while (next) {
    const current: WorkflowHistoryRecord = next;
    ordered.push(current);
    remaining.splice(remaining.indexOf(current), 1);
    next = remaining.find((row) => row.fromState === current.toState) ?? remaining[0];
  }
  return ordered;
}
