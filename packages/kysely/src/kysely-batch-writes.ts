import { randomUUID } from "node:crypto";
import type { WorkflowHistoryRecord, WorkflowInstance } from "@duraflows/core";
import type { CompiledQuery, Kysely } from "kysely";
import type { WorkflowDatabase } from "./kysely-database.js";
import { historyColumns, optimisticLockingError } from "./kysely-instance-writes.js";

/*
 * Kysely's builder cannot name the columns of `unnest(...)` without the `sql` tag, a runtime import this
 * package avoids (kysely is ESM-only and would break the CommonJS build), so the statement is compiled by hand:
 * one array parameter per column, zipped by unnest, version-guarded per row. No lock of its own: the sweep
 * claimed the rows with findExpired (FOR UPDATE SKIP LOCKED) in the same transaction.
 */
const UPDATE_INSTANCES = `update "workflow_instances" as "i"
set "current_state" = "u"."current_state", "version" = "u"."version", "expires_at" = "u"."expires_at",
  "last_transition_at" = "u"."last_transition_at", "context_json" = "u"."context_json",
  "updated_at" = "u"."updated_at", "definition_version" = "u"."definition_version",
  "timeout_attempts" = "u"."timeout_attempts", "timeout_retry_at" = "u"."timeout_retry_at",
  "timeout_last_error" = "u"."timeout_last_error", "timeout_parked_at" = "u"."timeout_parked_at"
from unnest(
  $1::uuid[], $2::text[], $3::integer[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[], $7::timestamptz[],
  $8::integer[], $9::integer[], $10::timestamptz[], $11::text[], $12::timestamptz[]
) as "u"(
  "uuid", "current_state", "version", "expires_at", "last_transition_at", "context_json", "updated_at",
  "definition_version", "timeout_attempts", "timeout_retry_at", "timeout_last_error", "timeout_parked_at"
)
where "i"."uuid" = "u"."uuid"
  and "i"."version" = "u"."version" - 1
returning "i"."uuid"`;

function compiled(sql: string, parameters: readonly unknown[]): CompiledQuery {
  return Object.freeze({
    sql,
    parameters: Object.freeze([...parameters]),
    query: Object.freeze({ kind: "RawNode" as const, sqlFragments: Object.freeze([sql]), parameters: [] }),
    queryId: Object.freeze({ queryId: `duraflows_${randomUUID()}` }),
  });
}

/**
 * `update` of many instances in one statement; throws the optimistic-locking error of the first instance (in
 * input order) the version guard refused (the caller's transaction rolls the rest back).
 *
 * @internal
 */
export async function updateInstances(
  executor: Kysely<WorkflowDatabase>,
  instances: readonly WorkflowInstance[],
): Promise<void> {
  if (instances.length === 0) return;
  const result = await executor.executeQuery<{ uuid: string }>(
    compiled(UPDATE_INSTANCES, [
      instances.map((instance) => instance.uuid),
      instances.map((instance) => instance.currentState),
      instances.map((instance) => instance.version),
      instances.map((instance) => instance.expiresAt),
      instances.map((instance) => instance.lastTransitionAt),
      instances.map((instance) => JSON.stringify(instance.context)),
      instances.map((instance) => instance.updatedAt),
      instances.map((instance) => instance.definitionVersion),
      instances.map((instance) => instance.timeoutRetry?.attempts ?? 0),
      instances.map((instance) => instance.timeoutRetry?.retryAt ?? null),
      instances.map((instance) => instance.timeoutRetry?.lastError ?? null),
      instances.map((instance) => instance.timeoutRetry?.parkedAt ?? null),
    ]),
  );
  if (result.rows.length === instances.length) return;
  const written = new Set(result.rows.map((row) => row.uuid));
  const refused = instances.find((instance) => !written.has(instance.uuid)) ?? instances[0];
  throw optimisticLockingError(refused.uuid, refused.version - 1);
}

/**
 * Appends history rows with one multi-row INSERT; PostgreSQL returns the generated uuids in VALUES order.
 *
 * @internal
 */
export async function insertHistoryRows(
  executor: Kysely<WorkflowDatabase>,
  records: readonly WorkflowHistoryRecord[],
): Promise<string[]> {
  if (records.length === 0) return [];
  const rows = await executor
    .insertInto("workflow_history")
    .values(records.map(historyColumns))
    .returning("uuid")
    .execute();
  return rows.map((row) => row.uuid);
}
