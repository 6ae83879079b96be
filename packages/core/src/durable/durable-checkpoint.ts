import { describeThrown } from "../errors/describe-thrown.js";
import { WorkflowError } from "../errors/workflow-error.js";
import type { CommandResult } from "../model/command-result.js";
import { sanitizeDiagnostic } from "../util/sanitize-diagnostic.js";
import { assertStorableJson } from "../util/storable-json.js";
import { finishExecution } from "./durable-finish.js";
import { clearLease, type DurableDeps, type OwnedScope, saveExecution } from "./durable-lease.js";
import type { PendingCommand } from "./journal-command-executor.js";
import { type JournalPlannerDeps, planDurableExecution } from "./journal-planner.js";
import { jsonCopy } from "../util/json-copy.js";

/** How a checkpoint left the execution. */
export type CheckpointOutcome = "completed" | "progressed" | "parked";

/**
 * Whether `value` is an object with a boolean `ok` (the minimal `CommandResult` shape).
 *
 * @internal
 */
export function isCommandResult(value: unknown): value is CommandResult {
  return typeof value === "object" && value !== null && typeof (value as CommandResult).ok === "boolean";
}

/**
 * Records a finished command inside the owned transaction: appends the checkpoint (JSON copies of the result
 * and of the working context after the command, both checked as storable JSON first), resets `attempts`/`lastError` and re-plans — more work makes
 * the execution `pending` now, a plan failure (unrouted mandatory failure, depth exceeded, …) parks it, and a
 * complete plan finishes it in this same transaction. Saves the record; other throws roll the whole
 * checkpoint back.
 *
 * @internal
 */
export async function checkpointCommand(
  deps: DurableDeps & JournalPlannerDeps,
  scope: OwnedScope,
  pending: PendingCommand,
  result: unknown,
  working: Record<string, unknown>,
): Promise<CheckpointOutcome> {
  const { execution, now } = scope;
  if (!isCommandResult(result)) throw new WorkflowError("Command must return a CommandResult");
  if (pending.commandId !== String(execution.journal.length)) {
    throw new WorkflowError("Durable journal changed under the lease");
  }
  // The JSON copies below would silently turn NaN/Infinity into null; refuse what the synchronous path refuses.
  assertStorableJson(result, "commandResult");
  assertStorableJson(working, "context");
  execution.journal.push({
    id: pending.commandId,
    name: pending.ref.name,
    result: jsonCopy(result),
    context: jsonCopy(working),
    attempts: execution.attempts,
    completedAt: now.toISOString(),
  });
  execution.attempts = 0;
  execution.lastError = null;
  let plan: Awaited<ReturnType<typeof planDurableExecution>>;
  try {
    plan = await planDurableExecution(execution, deps);
  } catch (error) {
    execution.status = "parked";
    execution.lastError = sanitizeDiagnostic(describeThrown(error));
    clearLease(execution);
    await saveExecution(deps, execution, now);
    return "parked";
  }
  if (plan.kind === "complete") {
    // A failure here rolls back the whole checkpoint (no partial instance writes can commit); the command
    // then runs again on retry, which its `ctx.durable.idempotencyKey` makes safe. It saves the record.
    await finishExecution(deps, scope, plan);
    return "completed";
  }
  execution.status = "pending";
  execution.availableAt = now.toISOString();
  clearLease(execution);
  await saveExecution(deps, execution, now);
  return "progressed";
}
