import { describeThrown } from "../errors/describe-thrown.js";
import { ExecutionLeaseLostError } from "../errors/durable.error.js";
import { WorkflowError } from "../errors/workflow-error.js";
import { commandContext } from "../executors/command-context.js";
import { lookupCommand } from "../registry/lookup.js";
import type { CommandResult } from "../model/command-result.js";
import type { WorkflowDurableCommandContext } from "../model/workflow-execution-context.js";
import { traceCommand } from "../telemetry/trace-command.js";
import { traceClaim, traceStep } from "../telemetry/trace-execution.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";
import { sanitizeDiagnostic } from "../util/sanitize-diagnostic.js";
import { durableAvailableAt } from "./durable-backoff.js";
import { checkpointCommand, isCommandResult } from "./durable-checkpoint.js";
import { finishExecution } from "./durable-finish.js";
import {
  claimExecution,
  type ClaimOutcome,
  clearLease,
  type DurableDeps,
  heartbeat,
  INSTANCE_CHANGED,
  isInstanceChanged,
  parkInstanceChanged,
  runOwned,
  saveExecution,
} from "./durable-lease.js";
import { type JournalPlannerDeps, planDurableExecution } from "./journal-planner.js";
import type { PendingCommand } from "./journal-command-executor.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { ClaimedExecution } from "../persistence/execution-claim.js";
import type {
  ProcessPendingExecutionsInput,
  ProcessPendingExecutionsResult,
} from "../model/durable-inputs.js";

const AMBIENT_MESSAGE =
  "Durable workers require ambient-transaction detection and must run outside a transaction";

/** What happened to one claimed execution. */
type DriveOutcome = "completed" | "progressed" | "retrying" | "parked" | "skipped" | { failed: string };

/** The worker's dependencies: the shared durable deps plus the compiler used for replays. */
export interface DurableWorkerDeps extends DurableDeps, JournalPlannerDeps {}

/**
 * One worker pass: claims due executions (in one batch when the store offers `claimDue`, else one by one)
 * and advances each by one command (or finishes it), reporting every uuid in exactly one bucket.
 *
 * @internal
 */
export async function processPendingExecutions(
  deps: DurableWorkerDeps,
  input: ProcessPendingExecutionsInput = {},
): Promise<ProcessPendingExecutionsResult> {
  const { internals, store } = deps;
  await internals.initialize();
  const runner = internals.transactionRunner;
  if (typeof runner.isTransactionActive !== "function" || runner.isTransactionActive()) {
    throw new WorkflowError(AMBIENT_MESSAGE);
  }
  const limit = input.limit ?? 100;
  assertPositiveSafeInteger("limit", limit);
  const result: ProcessPendingExecutionsResult = {
    processed: 0,
    completed: [],
    progressed: [],
    retrying: [],
    parked: [],
    skipped: [],
    failed: [],
  };
  const now = internals.clock.now();
  // A batch claim leases disjoint work up front; without one, every `findDue` row is claimed one by one.
  const candidates: ClaimedExecution[] = store.claimDue
    ? await store.claimDue({ limit, now })
    : (await store.findDue(limit, now)).map((execution) => ({ execution, claimed: false }));
  const telemetry = internals.telemetry;
  const tracing = telemetry.active();
  for (const { execution: candidate, claimed: leased } of candidates) {
    const claimStart = tracing ? performance.now() : 0;
    let claimed: ClaimOutcome;
    try {
      const claim = leased ? () => stillLeased(deps, candidate) : () => claimExecution(deps, candidate);
      claimed = tracing ? await traceClaim(telemetry, candidate, claim) : await claim();
    } catch (error) {
      result.failed.push({ uuid: candidate.uuid, error: describeThrown(error) });
      continue;
    }
    if (claimed.kind === "skipped") {
      result.skipped.push(candidate.uuid);
      continue;
    }
    if (claimed.kind === "instance-changed") {
      // Parked and saved by the claim; reported as a failure because nothing can run it any more.
      result.failed.push({ uuid: candidate.uuid, error: claimed.error });
      continue;
    }
    result.processed++;
    let outcome: DriveOutcome;
    if (claimed.kind === "parked") outcome = "parked";
    else {
      const execution = claimed.execution;
      outcome = tracing
        ? await traceStep(telemetry, execution, claimStart, () => drive(deps, execution))
        : await drive(deps, execution);
    }
    if (typeof outcome === "object") result.failed.push({ uuid: candidate.uuid, error: outcome.failed });
    else result[outcome].push(candidate.uuid);
  }
  return result;
}

/*
 * A batch claim leases the whole batch at once but runs it one execution after another, so an execution
 * late in the batch starts with less of its lease left than a one-by-one claim gives. One whose lease ran out
 * may already belong to another worker: it is not started (reported skipped, due again for whoever claims it
 * next). One with less than half its lease left renews it first (as `heartbeat()` does), so it starts with at
 * least half a lease, and is skipped if the renewal finds the lease lost.
 */
async function stillLeased(
  deps: DurableWorkerDeps,
  execution: DurableWorkflowExecution,
): Promise<ClaimOutcome> {
  const left = Date.parse(execution.leaseUntil ?? "") - deps.internals.clock.now().getTime();
  if (!(left > 0)) return { kind: "skipped" };
  if (left >= execution.policy.leaseDurationMs / 2) return { kind: "claimed", execution };
  try {
    await heartbeat(deps, execution);
  } catch (error) {
    if (error instanceof ExecutionLeaseLostError) return { kind: "skipped" };
    throw error;
  }
  return { kind: "claimed", execution };
}

async function drive(deps: DurableWorkerDeps, claimed: DurableWorkflowExecution): Promise<DriveOutcome> {
  try {
    const plan = await planDurableExecution(claimed, deps);
    if (plan.kind === "complete") {
      return await runOwned(deps, claimed, async (scope) => {
        const fresh = await planDurableExecution(scope.execution, deps);
        if (fresh.kind !== "complete") throw new WorkflowError("Durable journal changed under the lease");
        await finishExecution(deps, scope, fresh);
        return "completed" as const;
      });
    }
    return await runCommand(deps, claimed, plan.pending, plan.subject);
  } catch (error) {
    return recordFailure(deps, claimed, error);
  }
}

async function runCommand(
  deps: DurableWorkerDeps,
  claimed: DurableWorkflowExecution,
  pending: PendingCommand,
  subject: unknown,
): Promise<DriveOutcome> {
  const handler = lookupCommand(deps.internals.commandRegistry, pending.ref.name);
  const durable: WorkflowDurableCommandContext = Object.freeze({
    executionUuid: claimed.uuid,
    commandId: pending.commandId,
    idempotencyKey: `${claimed.uuid}:${pending.commandId}`,
    attempt: claimed.attempts,
    heartbeat: () => heartbeat(deps, claimed),
  });
  const working = pending.context.context;
  const invoke = async (): Promise<unknown> => {
    const ctx = commandContext(pending.context, { durable });
    if (!pending.bestEffort) return handler.execute(subject, ctx);
    try {
      const result: unknown = await handler.execute(subject, ctx);
      return isCommandResult(result)
        ? result
        : bestEffortThrown(new WorkflowError("Command must return a CommandResult"));
    } catch (thrown) {
      return bestEffortThrown(thrown);
    }
  };
  const telemetry = deps.internals.telemetry;
  const traced = telemetry.active()
    ? () => traceCommand(telemetry, pending.ref.name, pending.bestEffort, invoke)
    : invoke;
  const checkpoint = (result: unknown) =>
    runOwned(deps, claimed, (scope) => checkpointCommand(deps, scope, pending, result, working));
  if (pending.ref.transactional === true) {
    return deps.internals.transactionRunner.runInTransaction(async () => {
      // Verify the lease before the handler writes anything in this transaction.
      await runOwned(deps, claimed, async () => undefined);
      return checkpoint(await traced());
    });
  }
  return checkpoint(await traced());
}

function bestEffortThrown(thrown: unknown): CommandResult {
  return { ok: false, code: "BEST_EFFORT_THROWN", message: sanitizeDiagnostic(describeThrown(thrown)) };
}

async function recordFailure(
  deps: DurableWorkerDeps,
  claimed: DurableWorkflowExecution,
  error: unknown,
): Promise<DriveOutcome> {
  if (error instanceof ExecutionLeaseLostError) return "skipped";
  const instanceChanged = isInstanceChanged(error);
  try {
    return await runOwned(
      deps,
      claimed,
      async ({ execution, now }): Promise<DriveOutcome> => {
        if (instanceChanged) {
          // A retry would run the command again against a version it can never finish on: park instead.
          await parkInstanceChanged(deps, execution, now);
          return { failed: INSTANCE_CHANGED };
        }
        execution.lastError = sanitizeDiagnostic(describeThrown(error));
        execution.status = execution.attempts >= execution.policy.maxAttempts ? "parked" : "pending";
        execution.availableAt = durableAvailableAt(now, execution.policy, execution.attempts).toISOString();
        clearLease(execution);
        await saveExecution(deps, execution, now);
        return execution.status === "parked" ? "parked" : "retrying";
      },
      false,
    );
  } catch (recording) {
    if (recording instanceof ExecutionLeaseLostError) return "skipped";
    // The execution was not saved: report why (the command's own error was not recorded either).
    return { failed: describeThrown(recording) };
  }
}
