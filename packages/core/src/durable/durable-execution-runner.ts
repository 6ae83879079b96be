import { WorkflowCompiler } from "../compiler/workflow-compiler.js";
import { DurableExecutionNotSupportedError } from "../errors/durable.error.js";
import { InvalidArgumentError } from "../errors/workflow-error.js";
import { TRACE_CONTEXT_METADATA_KEY } from "../telemetry/telemetry-attributes.js";
import { LOCKING_PATH, type RuntimeInternals } from "../transition/runtime-internals.js";
import { acceptDurableEvent } from "./durable-acceptance.js";
import { OptimisticAcceptance } from "./optimistic-acceptance.js";
import { parseDurableEnqueueInput } from "./durable-input.js";
import { clearLease, hasLiveLease, saveExecution } from "./durable-lease.js";
import { type DurableWorkerDeps, processPendingExecutions } from "./durable-worker.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type {
  EnqueueWorkflowEventInput,
  ProcessPendingExecutionsInput,
  ProcessPendingExecutionsResult,
} from "../model/durable-inputs.js";
import { isUuidText } from "../util/is-uuid-text.js";
import type { OperatorActionOptions } from "../model/operator-action-options.js";
import { auditMetadata, operatorAuditRecord } from "../transition/operator-audit.js";

const NOT_FOUND = "Durable execution not found";

/**
 * Runs queued (durable) events: acceptance, worker passes with claims, leases, checkpoints,
 * retries and parking, and the retry/cancel operations. `WorkflowRuntime` delegates its durable methods here.
 *
 * @internal
 */
export class DurableExecutionRunner {
  // A private compiler: replays compile guard-less copies, which must not replace the runtime's cached entries.
  private readonly compiler = new WorkflowCompiler();
  private readonly optimistic: OptimisticAcceptance;

  constructor(protected readonly internals: RuntimeInternals) {
    this.optimistic = new OptimisticAcceptance(internals.definitionRegistry);
  }

  /** Accepts a queued event (validation, then `initialize()`, then one transaction). */
  async enqueueEvent(input: EnqueueWorkflowEventInput): Promise<DurableWorkflowExecution> {
    const deps = this.deps();
    const parsed = parseDurableEnqueueInput(input);
    // The enqueuing trace, so that the worker's span can link to it later (a no-op without tracing).
    const trace = this.internals.telemetry.captureContext();
    if (trace) parsed.triggerMetadata[TRACE_CONTEXT_METADATA_KEY] = { ...trace };
    await this.internals.initialize();
    const accepted = await this.optimistic.accept(deps, parsed);
    return accepted === LOCKING_PATH ? acceptDurableEvent(deps, parsed) : accepted;
  }

  /** Runs one worker pass outside any transaction. */
  async processPendingExecutions(
    input?: ProcessPendingExecutionsInput,
  ): Promise<ProcessPendingExecutionsResult> {
    return processPendingExecutions(this.deps(), input);
  }

  /** Reads one execution (a JSON copy), or `null`. */
  async getExecution(uuid: string): Promise<DurableWorkflowExecution | null> {
    const store = this.deps().store;
    return isUuidText(uuid) ? store.findByUuid(uuid) : null;
  }

  /** Moves a parked execution back to `pending` with `attempts` reset and available now; optionally audited. */
  async retryExecution(uuid: string, options?: OperatorActionOptions): Promise<DurableWorkflowExecution> {
    return this.changeUnderLock(uuid, "retryExecution", options, (execution, now) => {
      if (execution.status !== "parked")
        throw new InvalidArgumentError("Only parked executions can be retried");
      execution.status = "pending";
      execution.attempts = 0;
      execution.availableAt = now.toISOString();
    });
  }

  /** Cancels an execution that is neither completed/cancelled nor under a live lease. Undoes nothing; optionally audited. */
  async cancelExecution(uuid: string, options?: OperatorActionOptions): Promise<DurableWorkflowExecution> {
    return this.changeUnderLock(uuid, "cancelExecution", options, (execution, now) => {
      const finished = execution.status === "completed" || execution.status === "cancelled";
      if (finished || (execution.status === "running" && hasLiveLease(execution, now))) {
        throw new InvalidArgumentError("Cannot cancel a completed or actively leased execution");
      }
      execution.status = "cancelled";
    });
  }

  private async changeUnderLock(
    uuid: string,
    action: "retryExecution" | "cancelExecution",
    options: OperatorActionOptions | undefined,
    change: (execution: DurableWorkflowExecution, now: Date) => void,
  ): Promise<DurableWorkflowExecution> {
    const deps = this.deps();
    const metadata = auditMetadata(options);
    const found = isUuidText(uuid) ? await deps.store.findByUuid(uuid) : null;
    if (!found) throw new InvalidArgumentError(NOT_FOUND);
    return this.internals.transactionRunner.runInTransaction(async () => {
      const instance = await this.internals.instanceStore.lockByUuid(found.workflowInstanceUuid);
      const execution = await deps.store.findByUuid(uuid);
      if (!execution) throw new InvalidArgumentError(NOT_FOUND);
      const now = this.internals.clock.now();
      change(execution, now);
      clearLease(execution);
      await saveExecution(deps, execution, now);
      // An execution outlives nothing but its instance; a purged instance leaves no history to append to.
      if (metadata !== undefined && instance) {
        await this.internals.transitions.append(
          operatorAuditRecord(action, instance, metadata, execution.uuid),
        );
      }
      return execution;
    });
  }

  private deps(): DurableWorkerDeps {
    const store = this.internals.executionStore;
    if (!store || !this.internals.durablePolicy) throw new DurableExecutionNotSupportedError();
    return {
      internals: this.internals,
      store,
      commandRegistry: this.internals.commandRegistry,
      compiler: this.compiler,
    };
  }
}
