import { WorkflowInstanceNotFoundError } from "../errors/instance.error.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { WorkflowDefinitionRegistry } from "../registry/types.js";
import { eventDeclarations } from "../definition/event-declarations.js";
import { LOCKING_PATH } from "../transition/runtime-internals.js";
import { keepsOriginalMethod } from "../transition/store-fast-path.js";
import { isUuidText } from "../util/is-uuid-text.js";
import { jsonCopy } from "../util/json-copy.js";
import { recordUpFront, replayOrRefuse } from "./durable-acceptance.js";
import type { DurableEnqueueInput } from "./durable-input.js";
import type { DurableDeps } from "./durable-lease.js";

/*
 * Why this is equivalent to the locking path. The locking path locks the instance, then (for an event whose
 * record can be built up front) reads the idempotency key and the active execution and inserts in one statement.
 * Here the instance is read without a lock and the record built from that read; one autocommitted statement then
 * locks the instance, and inserts only if its version is still the one read, the key is free and no execution
 * is active. A transition committed in between makes it write nothing (the version moved), and so does an
 * execution another enqueue committed while this statement waited for the lock (the unique indexes refuse it);
 * in both cases this call runs the locking path from the start. A replayed key or a busy instance is answered
 * from the statement's own snapshot, a moment within this call, exactly as the locking path would answer it
 * then, since neither check depends on the instance's version. Everything the locking path does besides those
 * statements sends the call there: a guard, a definition version to store, an unknown event, an invalid payload
 * (each raises its error in the locking path's order), a wake-up to send, a caller's transaction, a runner with
 * settings of its own, or store methods wrapped by the application.
 */

/**
 * The optimistic acceptance of `enqueueEvent` (the `optimisticTransitions` runtime option): one unlocked read
 * of the instance, then `createAtInstanceVersion`. Holds, per event name, whether a registered definition
 * declares it without a guard (a guarded event always takes the locking path, so its read would be wasted).
 *
 * @internal
 */
export class OptimisticAcceptance {
  private readonly guardFree = new Map<string, boolean>();

  constructor(private readonly definitionRegistry: WorkflowDefinitionRegistry) {}

  /**
   * Resolves to the accepted or replayed record (a JSON copy), rejects with the error the locking path would
   * raise for the same read (not found, key conflict, busy), or resolves to {@link LOCKING_PATH} when the
   * locking path must run (nothing was written).
   */
  async accept(
    deps: DurableDeps,
    input: DurableEnqueueInput,
  ): Promise<DurableWorkflowExecution | typeof LOCKING_PATH> {
    if (!applies(deps) || !this.mayBeGuardFree(input.eventName)) return LOCKING_PATH;
    const { internals, store } = deps;
    const uuid = input.workflowInstanceUuid;
    const instance = isUuidText(uuid) ? await internals.instanceStore.findByUuid(uuid) : null;
    if (!instance) throw new WorkflowInstanceNotFoundError(uuid);
    const record = await recordUpFront(deps, input, instance);
    if (!record) return LOCKING_PATH;
    const outcome = await store.createAtInstanceVersion!(internals.instanceStore, record);
    if (outcome === undefined) return LOCKING_PATH;
    if (outcome.created) return jsonCopy(record);
    return replayOrRefuse(instance.uuid, input, outcome) ?? LOCKING_PATH;
  }

  /** Whether some registered definition declares `eventName` without a guard (names none declares: no). */
  private mayBeGuardFree(eventName: string): boolean {
    const known = this.guardFree.get(eventName);
    if (known !== undefined) return known;
    let declared = false;
    let guardFree = false;
    for (const { definition, state } of eventDeclarations(this.definitionRegistry.getAll(), eventName)) {
      declared = true;
      if (!definition.states[state].events![eventName].guard) guardFree = true;
    }
    // Unknown names are not remembered, so arbitrary input cannot grow the map.
    if (declared) this.guardFree.set(eventName, guardFree);
    return guardFree;
  }
}

/** Whether the runtime and its stores allow the transaction-less acceptance. */
function applies({ internals, store }: DurableDeps): boolean {
  const runner = internals.transactionRunner;
  if (internals.options.optimisticTransitions !== true || !store.createAtInstanceVersion) return false;
  // PostgreSQL sends a wake-up on commit of the transaction that queued it; this path has none to queue it on.
  if (internals.wakeNotifier !== undefined) return false;
  if (!runner.autocommitEquivalent || !runner.isTransactionActive) return false;
  if (!keepsOriginalMethod(runner, "runInTransaction", "autocommitEquivalent")) return false;
  if (runner.isTransactionActive() || !runner.autocommitEquivalent()) return false;
  // A wrapped or overridden write or read of the execution store must see the enqueue, as it does when locking.
  const fastPath = "createAtInstanceVersion";
  return (
    keepsOriginalMethod(store, "create", fastPath) &&
    keepsOriginalMethod(store, "createUnlessTaken", fastPath) &&
    keepsOriginalMethod(store, "findByKeyOrActive", fastPath) &&
    keepsOriginalMethod(store, "findByKey", fastPath) &&
    keepsOriginalMethod(store, "findActive", fastPath)
  );
}
