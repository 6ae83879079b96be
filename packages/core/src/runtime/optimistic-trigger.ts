import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import type { WorkflowDefinition } from "../definition/types.js";
import { versionOf } from "../definition/version-of.js";
import { eventDeclarations } from "../definition/event-declarations.js";
import { WorkflowInstanceNotFoundError } from "../errors/instance.error.js";
import type { EventExecutionResult } from "../executors/types.js";
import type { TriggerWorkflowEventInput } from "../model/runtime-inputs.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowDefinitionRegistry } from "../registry/types.js";
import { assertRegisteredPayload } from "../registry/registered-schemas.js";
import type { TransitionTrace } from "../telemetry/transition-trace.js";
import type { ObserverEventQueue } from "../transition/observed-transaction.js";
import { LOCKING_PATH, type OptimisticPath, type RuntimeInternals } from "../transition/runtime-internals.js";
import { keepsOriginalMethod } from "../transition/store-fast-path.js";
import { isUuidText } from "../util/is-uuid-text.js";
import { eventContext } from "./execution-context.js";
import { InstanceSnapshots } from "./instance-snapshots.js";
import { runEvent } from "./run-event.js";

/** Reads and conditional writes tried before a conflicting instance is left to the locking path. */
const ATTEMPTS = 3;

/*
 * Why this is equivalent to the locking path. The locking path reads the instance under a row lock and writes
 * it back with a version check; for an event without guard, commands or onEnter chain on its target, nothing
 * else runs between the two (no application code, no other statement). Here the read takes no lock and the
 * write is one statement that checks the version, writes the instance and appends the history row, atomically
 * and autocommitted: it applies only to the exact version read, so a concurrent write makes it match no row (a
 * conflict, nothing written) and the call starts over, then falls back to the locking path. What a call
 * returns or throws depends only on the version it read, which is what the locking path would have read had it
 * run at that moment. Everything the locking path would do besides those two statements sends this call to the
 * locking path: idempotency receipts, durable executions, a definition version to stamp, outbox rows, wake-ups,
 * a caller's transaction, a runner with settings of its own, wrapped store methods, an unknown event (the
 * locking path throws its error).
 *
 * The read can be skipped for an instance this path wrote last (`InstanceSnapshots`): every instance write
 * increments the version, so a write that applies at the remembered version found the remembered row, and
 * the call is the one it would have been after a read at that moment. Only a write checks a snapshot, so one
 * that leads anywhere else (an error, the locking path) is set aside and the instance is read.
 */
/**
 * The optimistic path of `triggerEvent`: one unlocked read (none for an instance it wrote last), then one
 * conditional write outside a transaction. Holds, per event name, whether the registered definitions make the
 * path worth trying, and the snapshots of the instances it wrote last.
 *
 * @internal
 */
export class OptimisticTransitions implements OptimisticPath {
  private readonly hints = new Map<string, EventHint>();
  private readonly snapshots = new InstanceSnapshots();

  constructor(private readonly definitionRegistry: WorkflowDefinitionRegistry) {}

  /** Whether a call without idempotency key should start here rather than in a locking transaction. */
  applies(internals: RuntimeInternals, eventName: string): boolean {
    const { options, transactionRunner: runner } = internals;
    if (options.optimisticTransitions !== true || internals.executionStore !== undefined) return false;
    if (!internals.historyStore.appendWithInstanceUpdateAtomic) return false;
    if (!runner.autocommitEquivalent || !runner.isTransactionActive) return false;
    // A runner whose runInTransaction was wrapped or overridden does something of its own per transaction.
    if (!keepsOriginalMethod(runner, "runInTransaction", "autocommitEquivalent")) return false;
    if (runner.isTransactionActive() || !runner.autocommitEquivalent()) return false;
    if (hasOutboxObservers(internals)) return false;
    return this.mayBePure(eventName);
  }

  /** Drops what this path remembers of the instance `uuid`: the locking path is about to write it. */
  forget(uuid: string): void {
    this.snapshots.forget(uuid);
  }

  /**
   * Triggers `input` optimistically: the result, an error the locking path would throw for the same read, or
   * {@link LOCKING_PATH} when the locking path must run (nothing written).
   */
  async trigger(
    internals: RuntimeInternals,
    input: TriggerWorkflowEventInput,
    trace: TransitionTrace | undefined,
  ): Promise<WorkflowExecutionResult | typeof LOCKING_PATH> {
    const result = await this.attempt(internals, input, trace);
    if (result === LOCKING_PATH) {
      this.handedOver(input.eventName);
      this.forget(input.workflowInstanceUuid);
    } else if (result !== CONFLICT) this.succeeded(input.eventName);
    return result === CONFLICT ? LOCKING_PATH : result;
  }

  /**
   * The write from this runtime's snapshot of the instance when it has one, then the read-and-write attempts;
   * {@link CONFLICT} when every one met a concurrent write.
   */
  private async attempt(
    internals: RuntimeInternals,
    input: TriggerWorkflowEventInput,
    trace: TransitionTrace | undefined,
  ): Promise<WorkflowExecutionResult | typeof LOCKING_PATH | typeof CONFLICT> {
    const uuid = input.workflowInstanceUuid;
    const remembered = this.snapshots.take(uuid);
    if (remembered !== undefined) {
      const result = await this.settleRemembered(internals, input, trace, remembered);
      if (result === CONFLICT) this.snapshots.stale(uuid);
      else if (result !== REREAD) {
        if (result !== LOCKING_PATH) this.snapshots.held();
        return result;
      }
    }
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const instance = isUuidText(uuid) ? await internals.instanceStore.findByUuid(uuid) : null;
      if (!instance) throw new WorkflowInstanceNotFoundError(uuid);
      const decided = await this.decide(internals, input, trace, instance);
      if (decided === LOCKING_PATH) return LOCKING_PATH;
      const result = await this.apply(internals, instance, input.eventName, decided);
      if (result !== CONFLICT) return result;
    }
    return CONFLICT;
  }

  /**
   * The attempt from a snapshot: the write when the snapshot leads to one; {@link REREAD} when it leads
   * anywhere else (an error, the locking path), since the stored instance may have moved on since the
   * snapshot and only a write checks that.
   */
  private async settleRemembered(
    internals: RuntimeInternals,
    input: TriggerWorkflowEventInput,
    trace: TransitionTrace | undefined,
    remembered: WorkflowInstance,
  ): Promise<WorkflowExecutionResult | typeof LOCKING_PATH | typeof CONFLICT | typeof REREAD> {
    let decided: Decided | typeof LOCKING_PATH;
    try {
      decided = await this.decide(internals, input, trace, remembered);
    } catch {
      // Whatever the read path throws it throws again from the stored instance; nothing was written.
      return REREAD;
    }
    if (decided === LOCKING_PATH) return REREAD;
    // From here on an error is the write's own and propagates: retrying it could apply the event twice.
    return this.apply(internals, remembered, input.eventName, decided);
  }

  /** Everything before the write, for the instance as read (or remembered). */
  private async decide(
    internals: RuntimeInternals,
    input: TriggerWorkflowEventInput,
    trace: TransitionTrace | undefined,
    instance: WorkflowInstance,
  ): Promise<Decided | typeof LOCKING_PATH> {
    trace?.instance(instance);
    // Only the latest definition, already stamped: a pinned version needs a store read, stamping a write.
    const compiled = internals.resolver.latestFor(instance);
    if (compiled === undefined || instance.definitionVersion !== versionOf(compiled.definition))
      return LOCKING_PATH;
    // An unknown event, a guard or commands: the locking path runs them (or throws its error).
    if (!isPureEvent(compiled.definition, instance.currentState, input.eventName)) return LOCKING_PATH;
    const payloadCheck = assertRegisteredPayload(
      internals.definitionRegistry,
      instance.workflowName,
      input.eventName,
      input.subject,
    );
    if (payloadCheck) await payloadCheck;
    const context = eventContext(internals.clock, instance, compiled, input.eventName, input.triggerMetadata);
    // Without guard and commands, executing the event only decides the next state (finita, memoised).
    const ran = runEvent(internals, compiled, instance, input, context);
    const event = ran instanceof Promise ? await ran : ran;
    if (!this.canApply(internals, compiled.definition, event.toState)) return LOCKING_PATH;
    return { compiled, event, context };
  }

  /** Writes the decided state entry and remembers the instance as written; {@link CONFLICT} on a newer version. */
  private async apply(
    internals: RuntimeInternals,
    instance: WorkflowInstance,
    eventName: string,
    decided: Decided,
  ): Promise<WorkflowExecutionResult | typeof CONFLICT | typeof LOCKING_PATH> {
    return applyEntry(internals, instance, eventName, decided, (written) => this.snapshots.keep(written));
  }

  /** Whether entering `toState` writes nothing but the instance and its history row. */
  private canApply(internals: RuntimeInternals, definition: WorkflowDefinition, toState: string): boolean {
    if (internals.transitions.hasChain(definition, toState)) return false;
    // A wake-up for the armed deadline would be sent inside the transaction.
    return (
      internals.wakeNotifier === undefined ||
      internals.timeoutResolver.getTimeoutEventName(definition, toState) === null
    );
  }

  /**
   * Whether the path is worth trying for `eventName`. No: when no latest registered definition declares it
   * without guard or commands into a state without onEnter (the locking path would run after a wasted read).
   * Yes: when every definition declaring it does. Otherwise (the name is pure in some workflows only) the
   * path is tried, and each time it hands over to the locking path the next calls skip it, for 1, 2, 4 …
   * up to 1024 calls, until it succeeds again: the wasted reads stay rare whatever the mix. Names no
   * definition declares are not remembered, so unknown names cannot grow the map.
   */
  private mayBePure(eventName: string): boolean {
    let hint = this.hints.get(eventName);
    if (hint === undefined) {
      hint = this.hintFor(eventName);
      if (hint === undefined) return false;
      this.hints.set(eventName, hint);
    }
    if (hint.pure === "none") return false;
    if (hint.skip === 0) return true;
    hint.skip--;
    return false;
  }

  /** Notes that the path handed `eventName` over to the locking path (a wasted read). */
  private handedOver(eventName: string): void {
    const hint = this.hints.get(eventName);
    if (hint === undefined || hint.pure === "all") return;
    hint.backoff = Math.min(hint.backoff === 0 ? 1 : hint.backoff * 2, MAX_BACKOFF);
    hint.skip = hint.backoff;
  }

  /** Notes that the path moved an instance on `eventName`. */
  private succeeded(eventName: string): void {
    const hint = this.hints.get(eventName);
    if (hint !== undefined) hint.backoff = 0;
  }

  private hintFor(eventName: string): EventHint | undefined {
    let pure = 0;
    let impure = 0;
    for (const { definition, state } of eventDeclarations(this.definitionRegistry.getAll(), eventName)) {
      if (isPureEvent(definition, state, eventName)) pure++;
      else impure++;
    }
    if (pure + impure === 0) return undefined;
    return { pure: pure === 0 ? "none" : impure === 0 ? "all" : "some", skip: 0, backoff: 0 };
  }
}

/** What the registered definitions say about one event name, and the back-off of a mixed one. */
interface EventHint {
  pure: "all" | "some" | "none";
  /** Calls left to send straight to the locking path. */
  skip: number;
  backoff: number;
}

const MAX_BACKOFF = 1024;

const CONFLICT: unique symbol = Symbol("duraflows.versionConflict");

/** A snapshot led somewhere other than a write: read the stored instance and decide again. */
const REREAD: unique symbol = Symbol("duraflows.reread");

/** What the event does to the instance, decided before anything is written. */
interface Decided {
  compiled: CompiledWorkflow;
  event: EventExecutionResult;
  context: WorkflowExecutionContext;
}

/**
 * Prepares, writes and delivers one state entry: what `applyFiredEvent` does for a chain-less target.
 * `written` sees the instance once the write applied, before any observer does.
 */
async function applyEntry(
  internals: RuntimeInternals,
  instance: WorkflowInstance,
  eventName: string,
  { compiled, event, context }: Decided,
  written: (instance: WorkflowInstance) => void,
): Promise<WorkflowExecutionResult | typeof CONFLICT | typeof LOCKING_PATH> {
  const now = internals.clock.now();
  internals.transitions.prepare(instance, compiled.definition, {
    toState: event.toState,
    now,
    working: context.context,
    applyPatch: true,
  });
  // An outbox observer added while this call awaited would need its row written with the transition.
  if (hasOutboxObservers(internals)) return LOCKING_PATH;
  const write = internals.transitions.recordAtomic(instance, {
    workflowInstanceUuid: instance.uuid,
    fromState: event.fromState,
    eventName,
    toState: event.toState,
    outcome: "success",
    errorMessage: undefined,
    commandResultsJson: event.commandResults,
    triggerMetadata: context.triggerMetadata as Record<string, unknown>,
    definitionVersion: instance.definitionVersion,
  });
  if (write === undefined) return LOCKING_PATH;
  const historyUuid = await write;
  if (historyUuid === null) return CONFLICT;
  written(instance);
  const queue: ObserverEventQueue = [];
  internals.transitions.queueEntry(queue, instance, {
    fromState: event.fromState,
    transitionUuid: context.transitionUuid,
    triggerEvent: eventName,
    triggerMetadata: context.triggerMetadata,
    occurredAt: now,
  });
  if (queue.length > 0) await internals.observed.deliver(queue);
  return {
    outcome: "success",
    fromState: event.fromState,
    toState: instance.currentState,
    commandResults: [...event.commandResults],
    historyUuid,
  };
}

function hasOutboxObservers(internals: RuntimeInternals): boolean {
  return internals.outboxStore !== undefined && internals.observers.outboxObserverNames().length > 0;
}

/** Declared on `state` without guard or commands, into a declared state (or the same one) without onEnter. */
function isPureEvent(definition: WorkflowDefinition, state: string, eventName: string): boolean {
  const states = definition.states;
  const events = Object.hasOwn(states, state) ? states[state].events : undefined;
  if (!events || !Object.hasOwn(events, eventName)) return false;
  const event = events[eventName];
  if (event.guard || (event.commands?.length ?? 0) > 0) return false;
  const target = event.targetState ?? state;
  return Object.hasOwn(definition.states, target) && !definition.states[target].onEnter;
}
