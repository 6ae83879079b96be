import type { WorkflowDefinition } from "../definition/types.js";
import type { OnEnterExecutor } from "../executors/on-enter-executor.js";
import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import type { OnEnterChainResult, OnEnterHopResult } from "../executors/types.js";
import { buildStateEnterEvent } from "../observer/build-state-enter-event.js";
import type { ObserverRegistry } from "../observer/observer-registry.js";
import type { WorkflowClock } from "../persistence/workflow-clock.js";
import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import type { WorkflowHistoryStore } from "../persistence/workflow-history-store.js";
import type { WorkflowInstanceStore } from "../persistence/workflow-instance-store.js";
import type { WorkflowExecutionStore } from "../persistence/workflow-execution-store.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { TimeoutResolver } from "../timeout/timeout-resolver.js";
import { withTraceId } from "../telemetry/with-trace-id.js";
import type { WorkflowTelemetry } from "../telemetry/workflow-telemetry.js";
import { deepClone } from "../util/deep-clone.js";
import { mergePatch } from "../util/merge-patch.js";
import { assertStorableJson } from "../util/storable-json.js";
import { versionOf } from "../definition/version-of.js";
import { normalizeCommandResults } from "./idempotency.js";
import type { ImmediateStores } from "./immediate-persistence.js";
import type { ObserverEventQueue } from "./observed-transaction.js";
import { keepsOriginalMethod } from "./store-fast-path.js";
import type { CommandResult } from "../model/command-result.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";

const ON_ENTER_TRIGGER: Readonly<Record<string, unknown>> = Object.freeze({ source: "onEnter" });

/** What {@link TransitionApplier} writes to. */
export interface TransitionApplierDeps {
  instanceStore: WorkflowInstanceStore;
  historyStore: WorkflowHistoryStore;
  timeoutResolver: TimeoutResolver;
  onEnterExecutor: OnEnterExecutor;
  clock: WorkflowClock;
  maxOnEnterDepth: number;
  /** Consulted at queue time: without an `onEnter` observer no event is built. */
  observers: ObserverRegistry;
  /** Stamps each history row with the active trace id (a no-op without tracing). */
  telemetry?: WorkflowTelemetry;
}

/** One state entry to apply. */
export interface StateEntryInput {
  toState: string;
  now: Date;
  /** The working context commands mutated; the entered state's patch is merged into it in place. */
  working: Record<string, unknown>;
  applyPatch: boolean;
}

/** Result of running an onEnter chain through {@link TransitionApplier.runChain}. */
export interface AppliedChain {
  chain: OnEnterChainResult;
  /** Uuid of the last hop's history row, if any hop happened. */
  lastHistoryUuid: string | undefined;
}

/**
 * Applies state entries to an instance inside the caller's transaction: moves it, merges the state's
 * context patch, bumps the version, refreshes the deadline, clears timeout retries, and writes it together with
 * its history row; runs onEnter chains with one history row and one observer event per hop.
 *
 * @internal
 */
export class TransitionApplier {
  constructor(private readonly deps: TransitionApplierDeps) {}

  /** Moves `instance` into `input.toState` in memory only; the caller writes it. */
  prepare(instance: WorkflowInstance, definition: WorkflowDefinition, input: StateEntryInput): void {
    instance.currentState = input.toState;
    instance.version++;
    instance.lastTransitionAt = input.now;
    instance.updatedAt = input.now;
    instance.definitionVersion = versionOf(definition);
    if (input.applyPatch) {
      const patch = Object.hasOwn(definition.states, input.toState)
        ? definition.states[input.toState].context
        : undefined;
      // In place, so onEnter commands of the entered state see the patch and their writes win over it.
      if (patch != null) mergePatch(input.working, deepClone(patch));
    }
    // Commands may have written anything into the working context; refuse it before it reaches a store.
    assertStorableJson(input.working, "context");
    instance.context = { ...input.working };
    instance.expiresAt = this.deps.timeoutResolver.computeDeadline(definition, input.toState, input.now);
    instance.timeoutRetry = null;
  }

  /** Appends a history row and returns its uuid. */
  append(record: WorkflowHistoryRecord): Promise<string> {
    assertStorableRecord(record);
    return this.deps.historyStore.append(withTraceId(this.deps.telemetry, record));
  }

  /**
   * Writes an instance prepared in memory and appends its history row: one store call when the history store
   * declares `appendWithInstanceUpdate`, else `update` then `append`. Errors and their order are the same
   * either way (an unstorable record is reported only after the instance write, as on the fallback path).
   * When `append` or the instance store's `update` was wrapped or overridden, the paired write is skipped so
   * the override sees every row and every write.
   */
  record(instance: WorkflowInstance, record: WorkflowHistoryRecord): Promise<string> {
    // Not `async`: the paired write's promise is handed back as is (an async wrapper returning a promise costs
    // extra microtask hops per transition); a synchronous throw still surfaces as a rejection.
    const history = this.deps.historyStore;
    try {
      if (!history.appendWithInstanceUpdate || !this.pairedWriteKeepsOverrides())
        return this.updateThenAppend(instance, record);
      try {
        assertStorableRecord(record);
      } catch (error) {
        return this.updateThenThrow(instance, error);
      }
      return history.appendWithInstanceUpdate(instance, withTraceId(this.deps.telemetry, record));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * {@link record} as one atomic write outside any transaction (`appendWithInstanceUpdateAtomic`): the new
   * row's uuid, or `null` on a version conflict (nothing written). `undefined` when it cannot be used: the store
   * lacks the capability, `append`, `appendWithInstanceUpdate`, `update` or `lockByUuid` was wrapped or
   * overridden (the override must see the write or the lock), or the record cannot be stored (the locking
   * path reports that error, after its instance write, exactly as before).
   */
  recordAtomic(
    instance: WorkflowInstance,
    record: WorkflowHistoryRecord,
  ): Promise<string | null> | undefined {
    const history = this.deps.historyStore;
    if (!history.appendWithInstanceUpdateAtomic || !this.atomicWriteKeepsOverrides()) return undefined;
    try {
      assertStorableRecord(record);
    } catch {
      return undefined;
    }
    return history.appendWithInstanceUpdateAtomic(instance, withTraceId(this.deps.telemetry, record));
  }

  private atomicWriteKeepsOverrides(): boolean {
    const { historyStore, instanceStore } = this.deps;
    return (
      keepsOriginalMethod(historyStore, "append", "appendWithInstanceUpdateAtomic") &&
      keepsOriginalMethod(historyStore, "appendWithInstanceUpdate", "appendWithInstanceUpdateAtomic") &&
      keepsOriginalMethod(instanceStore, "update", "updateMany") &&
      keepsOriginalMethod(instanceStore, "lockByUuid", "findByUuid")
    );
  }

  /**
   * {@link record} on stores that write synchronously (see `ImmediatePersistence`): the instance write, then
   * the row, with the same checks in the same order as the paired write; returns the row's uuid.
   */
  recordNow(stores: ImmediateStores, instance: WorkflowInstance, record: WorkflowHistoryRecord): string {
    try {
      assertStorableRecord(record);
    } catch (error) {
      stores.instances.updateNow(instance);
      throw error;
    }
    stores.instances.updateNow(instance);
    return stores.history.appendNow(withTraceId(this.deps.telemetry, record));
  }

  /**
   * {@link record}, then `executionStore.update(execution)` with the new row's uuid as
   * `execution.result.historyUuid`, as one store call when the execution store offers `updateWithTransition`
   * and no method it would skip was wrapped or overridden. Resolves to the row's uuid, or to `undefined` when
   * the one call cannot be used (nothing written): the caller then records and updates separately.
   */
  async recordWithExecution(
    executionStore: WorkflowExecutionStore,
    instance: WorkflowInstance,
    record: WorkflowHistoryRecord,
    execution: DurableWorkflowExecution,
  ): Promise<string | undefined> {
    if (
      !executionStore.updateWithTransition ||
      !this.deps.historyStore.appendWithInstanceUpdate ||
      !this.pairedWriteKeepsOverrides() ||
      !keepsOriginalMethod(executionStore, "update", "updateWithTransition")
    ) {
      return undefined;
    }
    try {
      assertStorableRecord(record);
    } catch {
      // The separate writes report it, after the instance write, as they always have.
      return undefined;
    }
    const withTrace = withTraceId(this.deps.telemetry, record);
    return executionStore.updateWithTransition(this.deps.historyStore, instance, withTrace, execution);
  }

  private pairedWriteKeepsOverrides(): boolean {
    return (
      keepsOriginalMethod(this.deps.historyStore, "append", "appendWithInstanceUpdate") &&
      keepsOriginalMethod(this.deps.instanceStore, "update", "updateMany")
    );
  }

  private async updateThenAppend(instance: WorkflowInstance, record: WorkflowHistoryRecord): Promise<string> {
    await this.deps.instanceStore.update(instance);
    return this.append(record);
  }

  private async updateThenThrow(instance: WorkflowInstance, error: unknown): Promise<never> {
    await this.deps.instanceStore.update(instance);
    throw error;
  }

  /** Whether entering the instance's current state starts an onEnter chain ({@link runChain} has work to do). */
  hasChain(definition: WorkflowDefinition, state: string): boolean {
    return Object.hasOwn(definition.states, state) && Boolean(definition.states[state].onEnter);
  }

  /**
   * Queues the observer event of a state entry — only when an observer with `onEnter` is registered at this
   * moment (otherwise nothing would receive it, and building its frozen snapshot is a measurable cost).
   */
  queueEntry(
    queue: ObserverEventQueue,
    instance: WorkflowInstance,
    entry: {
      fromState: string | null;
      transitionUuid: string;
      triggerEvent: string | null;
      triggerMetadata: Readonly<Record<string, unknown>>;
      occurredAt: Date;
    },
  ): void {
    const deadline = instance.expiresAt;
    if (deadline !== null && (queue.nextDeadline === undefined || deadline < queue.nextDeadline))
      queue.nextDeadline = deadline;
    if (!this.deps.observers.hasOnEnter()) return;
    queue.push(buildStateEnterEvent(instance, { ...entry, toState: instance.currentState }));
  }

  /**
   * Runs the onEnter chain from the instance's current state, applying and recording every hop. With
   * `jsonResults` (keyed calls) each hop's command results are JSON-normalised once, before its history row.
   */
  async runChain(
    compiled: CompiledWorkflow,
    instance: WorkflowInstance,
    context: WorkflowExecutionContext,
    subject: unknown,
    queue: ObserverEventQueue,
    jsonResults = false,
  ): Promise<AppliedChain> {
    const definition = compiled.definition;
    const start = instance.currentState;
    if (!Object.hasOwn(definition.states, start) || !definition.states[start].onEnter) {
      // What the executor returns for a state without onEnter, without building the hop handler (a closure
      // per transition) or making its async call.
      return { chain: { finalState: start, outcome: "success", hops: [] }, lastHistoryUuid: undefined };
    }
    let lastHistoryUuid: string | undefined;
    const onHop = async (hop: OnEnterHopResult): Promise<void> => {
      // In place: the chain result handed back to the caller holds this same hop object.
      if (jsonResults) hop.commandResults = normalizeCommandResults(hop.commandResults);
      const now = this.deps.clock.now();
      this.prepare(instance, definition, {
        toState: hop.toState,
        now,
        working: context.context,
        applyPatch: hop.toState !== hop.fromState,
      });
      lastHistoryUuid = await this.record(instance, {
        workflowInstanceUuid: instance.uuid,
        fromState: hop.fromState,
        eventName: "onEnter",
        toState: hop.toState,
        outcome: hop.outcome,
        errorMessage: hop.outcome === "failure" ? failureMessage(hop.commandResults) : undefined,
        commandResultsJson: hop.commandResults,
        triggerMetadata: { source: "onEnter" },
        definitionVersion: instance.definitionVersion,
      });
      this.queueEntry(queue, instance, {
        fromState: hop.fromState,
        transitionUuid: hop.transitionUuid,
        triggerEvent: "onEnter",
        triggerMetadata: ON_ENTER_TRIGGER,
        occurredAt: now,
      });
    };
    const chain = await this.deps.onEnterExecutor.executeChain(
      definition,
      instance.currentState,
      instance.uuid,
      subject,
      context,
      this.deps.maxOnEnterDepth,
      onHop,
    );
    return { chain, lastHistoryUuid };
  }
}

/** Rejects what a JSON store cannot keep before a history row reaches a store. */
function assertStorableRecord(record: WorkflowHistoryRecord): void {
  // Command results are written verbatim into the history row (and its errorMessage).
  // bigint/cycles are left to the stores' serialization so a keyed call keeps its specified error.
  assertStorableJson(record.commandResultsJson, "commandResults", { serializable: false });
  assertStorableJson(record.triggerMetadata ?? {}, "triggerMetadata");
}

/** History `errorMessage` of a failed step: the last result's `message ?? code ?? "Command failed"`. */
export function failureMessage(results: readonly CommandResult[]): string {
  const last = results[results.length - 1];
  return last?.message ?? last?.code ?? "Command failed";
}
