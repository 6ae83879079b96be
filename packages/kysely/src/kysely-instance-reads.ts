import {
  decodeReadCursor,
  encodeReadCursor,
  type InstancePage,
  type InstanceStateCount,
  type ListInstancesInput,
  type TimeoutSummary,
  type WorkflowInstance,
} from "@duraflows/core";
import type { Kysely, Selectable } from "kysely";
import type { WorkflowDatabase, WorkflowInstancesTable } from "./kysely-database.js";

type InstanceRow = Selectable<WorkflowInstancesTable>;

/** `countInstancesByState` of the Kysely instance store. @internal */
export async function countInstancesByState(
  db: Kysely<WorkflowDatabase>,
  workflowName: string | undefined,
): Promise<InstanceStateCount[]> {
  let query = db
    .selectFrom("workflow_instances")
    .select(["workflow_name", "definition_version", "current_state"])
    .select((eb) => eb.fn.countAll().as("count"))
    .groupBy(["workflow_name", "definition_version", "current_state"]);
  if (workflowName !== undefined) query = query.where("workflow_name", "=", workflowName);
  const rows = await query.execute();
  return rows.map((row) => ({
    workflowName: row.workflow_name,
    definitionVersion: row.definition_version ?? null,
    state: row.current_state,
    count: Number(row.count),
  }));
}

/** `listInstances` (keyset on last_transition_at desc, uuid desc) of the Kysely instance store. @internal */
export async function listInstances(
  db: Kysely<WorkflowDatabase>,
  input: ListInstancesInput,
  toInstance: (row: InstanceRow) => WorkflowInstance,
): Promise<InstancePage> {
  const after = input.after === undefined ? undefined : decodeReadCursor(input.after);
  let query = db.selectFrom("workflow_instances").selectAll().where("workflow_name", "=", input.workflowName);
  if (input.state !== undefined) query = query.where("current_state", "=", input.state);
  if (input.definitionVersion !== undefined) {
    query = query.where("definition_version", "=", input.definitionVersion);
  }
  if (input.metadata !== undefined) {
    const probe = JSON.stringify({ [input.metadata.key]: input.metadata.value });
    query = query.where("metadata_json", "@>", probe as never);
  }
  if (input.createdFrom !== undefined) query = query.where("created_at", ">=", input.createdFrom);
  if (input.createdTo !== undefined) query = query.where("created_at", "<", input.createdTo);
  if (input.lastTransitionFrom !== undefined) {
    query = query.where("last_transition_at", ">=", input.lastTransitionFrom);
  }
  if (input.lastTransitionTo !== undefined)
    query = query.where("last_transition_at", "<", input.lastTransitionTo);
  if (after !== undefined) {
    query = query.where((eb) =>
      eb(eb.refTuple("last_transition_at", "uuid"), "<", eb.tuple(after.at, after.uuid)),
    );
  }
  const rows = await query
    .orderBy("last_transition_at", "desc")
    .orderBy("uuid", "desc")
    .limit(input.limit + 1)
    .execute();
  const items = rows.slice(0, input.limit).map(toInstance);
  const last = items.at(-1);
  const more = rows.length > input.limit && last !== undefined;
  return { items, nextCursor: more ? encodeReadCursor(last.lastTransitionAt, last.uuid) : null };
}

/** `summarizeTimeouts` of the Kysely instance store. @internal */
export async function summarizeTimeouts(
  db: Kysely<WorkflowDatabase>,
  input: { now: Date; workflowName?: string },
): Promise<TimeoutSummary> {
  const now = input.now;
  let query = db
    .selectFrom("workflow_instances")
    .select((eb) => {
      const overdue = eb.and([eb("timeout_parked_at", "is", null), eb("expires_at", "<", now)]);
      return [
        eb.fn.countAll().filterWhere(overdue).as("overdue"),
        eb.fn.min("expires_at").filterWhere(overdue).as("oldest_overdue_at"),
        eb.fn.countAll().filterWhere("timeout_parked_at", "is not", null).as("parked"),
        eb.fn.min("timeout_parked_at").as("oldest_parked_at"),
      ];
    })
    .where((eb) => eb.or([eb("expires_at", "is not", null), eb("timeout_parked_at", "is not", null)]));
  if (input.workflowName !== undefined) query = query.where("workflow_name", "=", input.workflowName);
  const row = await query.executeTakeFirstOrThrow();
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return {
    overdue: Number(row.overdue),
    oldestOverdueAt: date(row.oldest_overdue_at),
    parked: Number(row.parked),
    oldestParkedAt: date(row.oldest_parked_at),
  };
}
