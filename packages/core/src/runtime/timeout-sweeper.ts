import { describeThrown } from "../errors/describe-thrown.js";
import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import { TRACE_CONTEXT_METADATA_KEY } from "../telemetry/telemetry-attributes.js";
import { TimeoutTrace } from "../telemetry/timeout-trace.js";
import { traceBatch, traceSweep } from "../telemetry/trace-sweep.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";
import { versionOf } from "../definition/version-of.js";
import { applyFiredEvent, fireEvent } from "./event-trigger.js";
import type { ObserverEventQueue } from "../transition/observed-transaction.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import { canSweepInBatch, isDue, sweepBatch } from "./timeout-batch.js";
import { canSweepSetBased, sweepSetBased } from "./timeout-set-sweep.js";
import type { ProcessExpiredWorkflowsInput, ProcessExpiredWorkflowsResult } from "../model/timeout-sweep.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowTimeoutRetry } from "../model/workflow-timeout-retry.js";

const TIMEOUT_TRIGGER: Readonly<Record<string, unknown>> = Object.freeze({ source: "timeout" });

type SweepOutcome =
  | { kind: "skipped" }
  | { kind: "rejected" }
  | { kind: "processed"; failed: boolean; finalState: string };

function matchesScan(current: WorkflowInstance, scanned: WorkflowInstance): boolean {
  return (
    current.version === scanned.version &&
    current.currentState === scanned.currentState &&
    (current.expiresAt?.getTime() ?? null) === (scanned.expiresAt?.getTime() ?? null) &&
    (current.timeoutRetry?.attempts ?? 0) === (scanned.timeoutRetry?.attempts ?? 0)
  );
}

/**
 * `processExpiredWorkflows`: a short scan transaction, then one observed transaction per due instance;
 * a failure rolls back only that instance and is recorded (backoff or parking) in a second transaction when
 * the row still matches what the scan read. When the stores declare `updateMany` and `appendMany`, the scan
 * transaction also applies every command-less timeout of the batch at once (see `sweepBatch`, and
 * docs/decisions.md); the per-instance path handles the rest, with identical results. Before both, when the
 * instance store offers `sweepCommandlessTimeouts` and no execution store is configured, command-less timeouts
 * are moved in one statement (see `sweepSetBased`), and the scan takes only what is left of `limit`.
 *
 * @internal
 */
export function processExpiredWorkflows(
  internals: RuntimeInternals,
  input: ProcessExpiredWorkflowsInput = {},
): Promise<ProcessExpiredWorkflowsResult> {
  const telemetry = internals.telemetry;
  if (!telemetry.active()) return sweep(internals, input);
  return traceSweep(telemetry, () => sweep(internals, input));
}

async function sweep(
  internals: RuntimeInternals,
  input: ProcessExpiredWorkflowsInput,
): Promise<ProcessExpiredWorkflowsResult> {
  await internals.initialize();
  const limit = input.limit ?? 100;
  assertPositiveSafeInteger("limit", limit);
  const now = internals.clock.now();
  const telemetry = internals.telemetry;
  const tracing = telemetry.active();
  // Command-less timeouts first, in one statement when the store can; what is left of `limit` goes on below,
  // unless the statement saw nothing else due (a scan would find nothing: spared its transaction).
  const setBased = !canSweepSetBased(internals)
    ? undefined
    : tracing
      ? await traceBatch(
          telemetry,
          () => sweepSetBased(internals, limit, now),
          // Every instance the statement moved counts as claimed and batch-moved.
          ({ swept }) => ({ claimed: swept.length, batched: swept.length }),
        )
      : await sweepSetBased(internals, limit, now);
  const rest = setBased === undefined ? limit : setBased.uncoveredDue ? limit - setBased.swept.length : 0;
  const batch =
    rest === 0 || !canSweepInBatch(internals)
      ? undefined
      : tracing
        ? await traceBatch(
            telemetry,
            () => sweepBatch(internals, rest, now),
            ({ scanned, handled }) => ({ claimed: scanned.length, batched: handled.size }),
          )
        : await sweepBatch(internals, rest, now);
  const scanned =
    rest === 0
      ? []
      : (batch?.scanned ??
        (await internals.transactionRunner.runInTransaction(() =>
          internals.executionStore
            ? internals.instanceStore.findExpired(rest, now, { excludeActiveExecutions: true })
            : internals.instanceStore.findExpired(rest, now),
        )));
  const result: ProcessExpiredWorkflowsResult = {
    processed: setBased?.swept.length ?? 0,
    rejected: 0,
    businessFailed: [],
    failed: [],
    parked: [],
  };
  if (setBased && tracing) {
    const metrics = telemetry.metrics();
    for (const { instance, eventName } of setBased.swept) {
      metrics?.timeout(instance.workflowName, "fired");
      // Moved in one statement with the rest of the batch: counted, but it has no duration of its own.
      metrics?.transitionCounted(instance.workflowName, eventName, "success");
    }
  }
  for (const snapshot of scanned) {
    const batchedEvent = batch?.handled.get(snapshot.uuid);
    if (batchedEvent !== undefined) {
      result.processed++;
      const metrics = tracing ? telemetry.metrics() : undefined;
      metrics?.timeout(snapshot.workflowName, "fired");
      // Moved in one write with the rest of the batch: counted, but it has no duration of its own.
      metrics?.transitionCounted(snapshot.workflowName, batchedEvent, "success");
      continue;
    }
    const trace = tracing
      ? new TimeoutTrace(telemetry, snapshot, await armingTrace(internals, snapshot))
      : undefined;
    let outcome: SweepOutcome;
    try {
      const fire = () =>
        internals.observed.run((queue) => fireTimeout(internals, snapshot.uuid, queue, trace));
      outcome = await (trace ? trace.within(fire) : fire());
    } catch (error) {
      const parkedBefore = result.parked.length;
      await recordFailure(internals, snapshot, describeThrown(error), result);
      trace?.end(result.parked.length > parkedBefore ? "parked" : "failed", error);
      continue;
    }
    trace?.end(outcome.kind === "processed" ? "fired" : outcome.kind);
    if (outcome.kind === "rejected") result.rejected++;
    if (outcome.kind === "processed") {
      result.processed++;
      if (outcome.failed) result.businessFailed.push({ uuid: snapshot.uuid, finalState: outcome.finalState });
    }
  }
  return result;
}

/**
 * The trace context of the span that armed the timeout: the one stored on the instance's newest history row
 * (a guard-rejected event does not re-arm a timeout, so its row is passed over), else, for a timeout armed at
 * creation, the one in the instance metadata. Read only while tracing; a failed read costs the link, not the
 * sweep.
 */
async function armingTrace(internals: RuntimeInternals, snapshot: WorkflowInstance): Promise<unknown> {
  try {
    const rows = await internals.historyStore.findByInstanceUuid(snapshot.uuid, { limit: 5 });
    const arming = rows.find((row) => row.outcome !== "guard-rejected");
    if (arming) return arming.triggerMetadata?.[TRACE_CONTEXT_METADATA_KEY];
    return snapshot.metadata[TRACE_CONTEXT_METADATA_KEY];
  } catch {
    return undefined;
  }
}

async function fireTimeout(
  internals: RuntimeInternals,
  uuid: string,
  queue: ObserverEventQueue,
  trace: TimeoutTrace | undefined,
): Promise<SweepOutcome> {
  const instance = await internals.instanceStore.lockByUuid(uuid);
  if (!instance) return { kind: "skipped" };
  if (internals.executionStore && (await internals.executionStore.findActive(uuid)))
    return { kind: "skipped" };
  if (!isDue(instance, internals.clock.now())) return { kind: "skipped" };
  const compiled = await internals.resolver.forInstance(instance);
  if (instance.definitionVersion !== versionOf(compiled.definition)) {
    await internals.resolver.ensureStored(compiled.definition);
  }
  const eventName = internals.timeoutResolver.getTimeoutEventName(compiled.definition, instance.currentState);
  if (eventName === null) {
    clearDeadline(internals, instance, compiled, false);
    await internals.instanceStore.update(instance);
    return { kind: "skipped" };
  }
  trace?.event(eventName);
  const fired = await fireEvent(internals, instance, compiled, eventName, undefined, TIMEOUT_TRIGGER);
  if (fired.event.outcome === "guard-rejected") {
    clearDeadline(internals, instance, compiled, true);
    await internals.transitions.record(instance, {
      workflowInstanceUuid: instance.uuid,
      fromState: fired.event.fromState,
      eventName,
      toState: fired.event.fromState,
      outcome: "guard-rejected",
      rejectedBy: fired.event.rejectedBy,
      commandResultsJson: [],
      triggerMetadata: { source: "timeout" },
      definitionVersion: instance.definitionVersion,
    });
    trace?.apply({ ...fired.event, outcome: "guard-rejected" });
    return { kind: "rejected" };
  }
  const applied = await applyFiredEvent(internals, instance, compiled, eventName, fired, undefined, queue);
  trace?.apply(applied);
  return { kind: "processed", failed: applied.outcome === "failure", finalState: applied.toState };
}

/** Clears the deadline and retry state in memory; the caller writes the instance. */
function clearDeadline(
  internals: RuntimeInternals,
  instance: WorkflowInstance,
  compiled: CompiledWorkflow,
  transitioned: boolean,
): void {
  const now = internals.clock.now();
  instance.expiresAt = null;
  instance.timeoutRetry = null;
  instance.version++;
  instance.updatedAt = now;
  if (transitioned) instance.lastTransitionAt = now;
  instance.definitionVersion = versionOf(compiled.definition);
}

async function recordFailure(
  internals: RuntimeInternals,
  snapshot: WorkflowInstance,
  error: string,
  result: ProcessExpiredWorkflowsResult,
): Promise<void> {
  let recorded: WorkflowTimeoutRetry | null;
  try {
    recorded = await internals.transactionRunner.runInTransaction(async () => {
      const current = await internals.instanceStore.lockByUuid(snapshot.uuid);
      if (!current) return null;
      if (internals.executionStore && (await internals.executionStore.findActive(snapshot.uuid))) return null;
      const now = internals.clock.now();
      if (!matchesScan(current, snapshot) || !isDue(current, now)) return null;
      current.timeoutRetry = internals.timeoutRetryPolicy.next(current.timeoutRetry, error, now);
      current.version++;
      current.updatedAt = now;
      await internals.instanceStore.update(current);
      return current.timeoutRetry;
    });
  } catch (recordError) {
    console.warn(
      `[duraflows] could not record the timeout failure of instance "${snapshot.uuid}": ${describeThrown(recordError)}`,
    );
    recorded = null;
  }
  if (!recorded) {
    result.failed.push({ uuid: snapshot.uuid, error });
    return;
  }
  result.failed.push({ uuid: snapshot.uuid, error, attempts: recorded.attempts, retryAt: recorded.retryAt });
  if (recorded.retryAt === null) result.parked.push({ uuid: snapshot.uuid, error });
}
