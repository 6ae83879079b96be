import {
  decodeReadCursor,
  encodeReadCursor,
  type DurableWorkflowExecution,
  type ExecutionPage,
  type ExecutionStatusSummary,
  type ListExecutionsInput,
} from "@duraflows/core";
import type { Kysely } from "kysely";
import type { WorkflowDatabaseWithExecutions } from "./kysely-database.js";

const parse = (value: unknown): DurableWorkflowExecution =>
  (typeof value === "string" ? JSON.parse(value) : value) as DurableWorkflowExecution;

/** `summarizeExecutions` of the Kysely execution store. @internal */
export async function summarizeExecutions(
  db: Kysely<WorkflowDatabaseWithExecutions>,
): Promise<ExecutionStatusSummary[]> {
  const rows = await db
    .selectFrom("workflow_executions")
    .select((eb) => [
      "status",
      eb.fn.countAll().as("count"),
      eb.fn.min(eb.ref("execution_json", "->>").key("createdAt")).as("oldest_created_at"),
    ])
    .groupBy("status")
    .execute();
  return rows.map((row) => ({
    status: row.status as ExecutionStatusSummary["status"],
    count: Number(row.count),
    oldestCreatedAt: String(row.oldest_created_at),
  }));
}

/** `listExecutions` (keyset on available_at, uuid) of the Kysely execution store. @internal */
export async function listExecutions(
  db: Kysely<WorkflowDatabaseWithExecutions>,
  input: ListExecutionsInput,
): Promise<ExecutionPage> {
  const after = input.after === undefined ? undefined : decodeReadCursor(input.after);
  let query = db.selectFrom("workflow_executions").select("execution_json");
  if (input.status !== undefined) query = query.where("status", "=", input.status);
  if (input.workflowInstanceUuid !== undefined) {
    query = query.where("workflow_instance_uuid", "=", input.workflowInstanceUuid);
  }
  if (after !== undefined) {
    query = query.where((eb) => eb(eb.refTuple("available_at", "uuid"), ">", eb.tuple(after.at, after.uuid)));
  }
  const rows = await query
    .orderBy("available_at")
    .orderBy("uuid")
    .limit(input.limit + 1)
    .execute();
  const items = rows.slice(0, input.limit).map((row) => parse(row.execution_json));
  const last = items.at(-1);
  const more = rows.length > input.limit && last !== undefined;
  return { items, nextCursor: more ? encodeReadCursor(last.availableAt, last.uuid) : null };
}
