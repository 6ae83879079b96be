import {
  decodeReadCursor,
  toInstancePage,
  type InstancePage,
  type InstanceStateCount,
  type ListInstancesInput,
  type TimeoutSummary,
  type WorkflowInstance,
} from "@duraflows/core";
import {
  countInstancesByState as countInstancesByStateQuery,
  listInstances as listInstancesQuery,
  summarizeTimeouts as summarizeTimeoutsQuery,
} from "@duraflows/sql";
import type { Kysely, Selectable } from "kysely";
import { compiledQuery } from "./compiled-query.js";
import type { WorkflowDatabase, WorkflowInstancesTable } from "./kysely-database.js";

type InstanceRow = Selectable<WorkflowInstancesTable>;

/** `countInstancesByState` of the Kysely instance store. @internal */
export async function countInstancesByState(
  db: Kysely<WorkflowDatabase>,
  workflowName: string | undefined,
): Promise<InstanceStateCount[]> {
  const { rows } = await db.executeQuery<{
    workflow_name: string;
    definition_version: number | null;
    current_state: string;
    count: number | string;
  }>(compiledQuery(countInstancesByStateQuery(workflowName)));
  return rows.map((row) => ({
    workflowName: row.workflow_name,
    definitionVersion: row.definition_version ?? null,
    state: row.current_state,
    count: Number(row.count),
  }));
}

/** `listInstances` (keyset in the input's order, default last_transition_at desc, uuid desc) of the Kysely instance store. @internal */
export async function listInstances(
  db: Kysely<WorkflowDatabase>,
  input: ListInstancesInput,
  toInstance: (row: InstanceRow) => WorkflowInstance,
): Promise<InstancePage> {
  const after = input.after === undefined ? undefined : decodeReadCursor(input.after);
  const { rows } = await db.executeQuery<InstanceRow>(compiledQuery(listInstancesQuery(input, after)));
  return toInstancePage(rows.map(toInstance), input);
}

/** `summarizeTimeouts` of the Kysely instance store. @internal */
export async function summarizeTimeouts(
  db: Kysely<WorkflowDatabase>,
  input: { now: Date; workflowName?: string },
): Promise<TimeoutSummary> {
  const { rows } = await db.executeQuery<{
    overdue: number | string;
    oldest_overdue_at: Date | string | null;
    parked: number | string;
    oldest_parked_at: Date | string | null;
  }>(compiledQuery(summarizeTimeoutsQuery(input.now, input.workflowName)));
  const row = rows[0]!;
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return {
    overdue: Number(row.overdue),
    oldestOverdueAt: date(row.oldest_overdue_at),
    parked: Number(row.parked),
    oldestParkedAt: date(row.oldest_parked_at),
  };
}
