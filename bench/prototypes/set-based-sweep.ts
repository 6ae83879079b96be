// Prototype, not part of any package: a set-based sweep of command-less timeouts. One
// statement per batch claims the due rows (SKIP LOCKED), moves them and appends their history rows, so a batch
// costs one round trip and one commit instead of five round trips and one commit per instance. @duraflows/pg now
// ships the same statement (`sweepCommandlessTimeouts`, used when no execution store is configured); the
// prototype stays as the reference of the sweep scenario's 0.9× target until a run meets it in every case.
import { TimeoutResolver, type WorkflowDefinition } from "@duraflows/core";
import type pg from "pg";
import { allWorkflows } from "../fixtures/workflows.js";
import type { BenchDatabase } from "../lib/bench-database.js";
import type { Sweeper } from "../scenarios/sweep.js";

/** A (workflow, state) whose timeout event can be applied in SQL: what the runtime would hand the store. */
export interface CommandlessTimeoutRule {
  workflowName: string;
  definitionVersion: number;
  fromState: string;
  eventName: string;
  toState: string;
  /** The entered state's context patch (shallow-merged with `||`, as the runtime merges it). */
  patch: Record<string, unknown>;
  /** The entered state's deadline, computed by the runtime's TimeoutResolver at `now`. */
  expiresAt: Date | null;
}

/**
 * The rules of every registered definition whose state's timeout event has no guard and no commands and
 * whose target state has no onEnter: nothing user-written runs, so the transition is pure data.
 */
export function commandlessTimeoutRules(
  definitions: readonly WorkflowDefinition[],
  now: Date,
): CommandlessTimeoutRule[] {
  const resolver = new TimeoutResolver();
  const rules: CommandlessTimeoutRule[] = [];
  for (const definition of definitions) {
    for (const [state, stateDefinition] of Object.entries(definition.states)) {
      const eventName = resolver.getTimeoutEventName(definition, state);
      if (eventName === null) continue;
      const event = stateDefinition.events![eventName];
      const toState = event.targetState ?? state;
      const target = definition.states[toState];
      if (event.guard || (event.commands?.length ?? 0) > 0 || target.onEnter) continue;
      rules.push({
        workflowName: definition.name,
        definitionVersion: definition.version ?? 1,
        fromState: state,
        eventName,
        toState,
        // The runtime re-applies the entered state's patch on every event entry, self-transitions included.
        patch: target.context ?? {},
        expiresAt: resolver.computeDeadline(definition, toState, now),
      });
    }
  }
  return rules;
}

/*
 * The due filter is findExpired's, plus a join on the rules (workflow, state, stamped version) so only rows
 * the rules cover are claimed; everything else is left to the per-instance path. The claim (FOR UPDATE SKIP
 * LOCKED) lasts until the statement commits, so concurrent sweepers take disjoint batches instead of re-reading
 * each other's rows as the two-step scan does. RETURNING gives what observer events need.
 */
const SWEEP = `WITH rules AS (
  SELECT *
  FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::timestamptz[])
    AS r(workflow_name, definition_version, from_state, event_name, to_state, patch, expires_at)
), due AS (
  SELECT i.uuid, r.from_state, r.event_name, r.to_state, r.patch, r.expires_at, r.definition_version
  FROM workflow_instances i
  JOIN rules r
    ON r.workflow_name = i.workflow_name
    AND r.from_state = i.current_state
    AND r.definition_version = i.definition_version
  WHERE i.expires_at IS NOT NULL
    AND i.expires_at < $2
    AND i.timeout_parked_at IS NULL
    AND (i.timeout_retry_at IS NULL OR i.timeout_retry_at < $2)
    AND coalesce(i.timeout_retry_at, i.expires_at) < $2
  ORDER BY coalesce(i.timeout_retry_at, i.expires_at)
  LIMIT $1
  FOR UPDATE OF i SKIP LOCKED
), moved AS (
  UPDATE workflow_instances i
  SET current_state = due.to_state,
    version = i.version + 1,
    expires_at = due.expires_at,
    last_transition_at = $2,
    updated_at = $2,
    context_json = i.context_json || due.patch,
    definition_version = due.definition_version,
    timeout_attempts = 0,
    timeout_retry_at = NULL,
    timeout_last_error = NULL,
    timeout_parked_at = NULL
  FROM due
  WHERE i.uuid = due.uuid
  RETURNING i.uuid, i.workflow_name, due.from_state, due.event_name, i.current_state, i.version,
    i.definition_version, i.context_json, i.metadata_json
), history AS (
  INSERT INTO workflow_history (
    workflow_instance_uuid, from_state, event_name, to_state, outcome, command_results_json,
    trigger_metadata_json, definition_version
  )
  SELECT uuid, from_state, event_name, current_state, 'success', '[]', '{"source":"timeout"}', definition_version
  FROM moved
)
SELECT * FROM moved`;

/** One set-based batch: returns the moved rows (the runtime would queue one observer event per row). */
export async function sweepCommandlessBatch(
  pool: pg.Pool,
  rules: readonly CommandlessTimeoutRule[],
  limit: number,
  now: Date,
): Promise<pg.QueryResult> {
  return pool.query({
    name: "duraflows_sweep_commandless",
    text: SWEEP,
    values: [
      limit,
      now,
      rules.map((r) => r.workflowName),
      rules.map((r) => r.definitionVersion),
      rules.map((r) => r.fromState),
      rules.map((r) => r.eventName),
      rules.map((r) => r.toState),
      rules.map((r) => JSON.stringify(r.patch)),
      rules.map((r) => r.expiresAt),
    ],
  });
}

/** The prototype as a contender of the sweep scenario. */
export async function setBasedSweeper(db: BenchDatabase, poolSize: number): Promise<Sweeper> {
  const pool = db.pool(poolSize);
  return {
    name: "prototype set-based sweep",
    sweepOnce: async (batch) => {
      const now = new Date();
      return (
        (await sweepCommandlessBatch(pool, commandlessTimeoutRules(allWorkflows, now), batch, now))
          .rowCount ?? 0
      );
    },
    close: () => pool.end(),
  };
}
