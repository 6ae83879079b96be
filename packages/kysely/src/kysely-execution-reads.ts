import {
  decodeReadCursor,
  encodeReadCursor,
  type DurableWorkflowExecution,
  type ExecutionPage,
  type ExecutionStatusSummary,
  type ListExecutionsInput,
} from "@duraflows/core";
import {
  listExecutions as listExecutionsQuery,
  summarizeExecutions as summarizeExecutionsQuery,
} from "@duraflows/sql";
import type { Kysely } from "kysely";
import { compiledQuery } from "./compiled-query.js";
import type { WorkflowDatabaseWithExecutions } from "./kysely-database.js";

const parse = (value: unknown): DurableWorkflowExecution =>
  (typeof value === "string" ? JSON.parse(value) : value) as DurableWorkflowExecution;

/** `summarizeExecutions` of the Kysely execution store. @internal */
export async function summarizeExecutions(
  db: Kysely<WorkflowDatabaseWithExecutions>,
): Promise<ExecutionStatusSummary[]> {
  const { rows } = await db.executeQuery<{
    status: ExecutionStatusSummary["status"];
    count: number | string;
    oldest_created_at: string;
  }>(compiledQuery(summarizeExecutionsQuery()));
  return rows.map((row) => ({
    status: row.status,
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
  const { rows } = await db.executeQuery<{ execution_json: unknown }>(
    compiledQuery(listExecutionsQuery(input, after)),
  );
  const items = rows.slice(0, input.limit).map((row) => parse(row.execution_json));
  const last = items.at(-1);
  const more = rows.length > input.limit && last !== undefined;
  return { items, nextCursor: more ? encodeReadCursor(last.availableAt, last.uuid) : null };
}
