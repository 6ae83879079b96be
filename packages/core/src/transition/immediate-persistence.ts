import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { WorkflowHistoryStore } from "../persistence/workflow-history-store.js";
import type { WorkflowInstanceStore } from "../persistence/workflow-instance-store.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";
import { keepsOriginalMethod } from "./store-fast-path.js";

/** A transaction runner that can also run synchronous work as a transaction (the in-memory one). */
interface ImmediateRunner extends WorkflowTransactionRunner {
  runImmediately<T>(work: () => T): { value: T; afterCommit: Promise<void> | undefined };
  isTransactionActive(): boolean;
}

/** An instance store that can lock and write without awaiting (the in-memory one). */
interface ImmediateInstanceStore extends WorkflowInstanceStore {
  /**
   * Takes the row lock without waiting: the row, `null` without one, `undefined` when another transaction holds
   * the lock. Values inside the row may be the store's own: replace fields, never change them in place.
   */
  lockNow(uuid: string): WorkflowInstance | null | undefined;
  updateNow(instance: WorkflowInstance): void;
}

/** A history store that can append without awaiting (the in-memory one). */
interface ImmediateHistoryStore extends WorkflowHistoryStore {
  appendNow(record: WorkflowHistoryRecord): string;
  pairsWith(instanceStore: object): boolean;
}

/** The stores a transition uses, when all of them can run it without awaiting. */
export interface ImmediateStores {
  readonly runner: ImmediateRunner;
  readonly instances: ImmediateInstanceStore;
  readonly history: ImmediateHistoryStore;
}

/** The persistence a runtime was built with. */
export interface ImmediatePersistenceDeps {
  transactionRunner: WorkflowTransactionRunner;
  instanceStore: WorkflowInstanceStore;
  historyStore: WorkflowHistoryStore;
}

const hasMethods = (target: object, names: readonly string[]): boolean =>
  names.every((name) => typeof (target as Record<string, unknown>)[name] === "function");

/**
 * Whether a transition can run as one synchronous transaction on the runtime's persistence, and with which
 * stores. That takes stores that can do every step without awaiting (the in-memory ones) and that still have
 * their own `runInTransaction`, `lockByUuid`, `update` and `append` (and paired write): when one of those was
 * replaced on the object (a spy, a wrapper) or overridden by a subclass, every call must go through it, so the
 * runtime takes the ordinary path. Which methods a store's class provides is settled when the runtime is built;
 * a replacement assigned on the store itself may come at any time, so {@link usable} looks for one on each call.
 *
 * @internal
 */
export class ImmediatePersistence {
  private constructor(private readonly stores: ImmediateStores) {}

  /** The immediate persistence of `deps`, or `undefined` when its stores cannot run a transition synchronously. */
  static of(deps: ImmediatePersistenceDeps): ImmediatePersistence | undefined {
    const runner = deps.transactionRunner;
    const instances = deps.instanceStore;
    const history = deps.historyStore;
    if (
      !hasMethods(runner, ["runImmediately", "isTransactionActive"]) ||
      !hasMethods(instances, ["lockNow", "updateNow"]) ||
      !hasMethods(history, ["appendNow", "pairsWith"]) ||
      !keepsOriginalMethod(runner, "runInTransaction", "runImmediately") ||
      !keepsOriginalMethod(instances, "lockByUuid", "lockNow") ||
      !keepsOriginalMethod(instances, "update", "updateNow") ||
      !keepsOriginalMethod(history, "append", "appendNow")
    )
      return undefined;
    return new ImmediatePersistence({
      runner: runner as ImmediateRunner,
      instances: instances as ImmediateInstanceStore,
      history: history as ImmediateHistoryStore,
    });
  }

  /**
   * The stores, when a transition may run synchronously right now: no method was replaced on a store since
   * the runtime was built, and no transaction is active in the calling context (work inside a caller's
   * transaction must join it, and only the ordinary path can).
   */
  usable(): ImmediateStores | undefined {
    const { runner, instances, history } = this.stores;
    if (
      Object.hasOwn(runner, "runInTransaction") ||
      Object.hasOwn(runner, "runImmediately") ||
      Object.hasOwn(instances, "lockByUuid") ||
      Object.hasOwn(instances, "update") ||
      Object.hasOwn(history, "append") ||
      !history.pairsWith(instances) ||
      runner.isTransactionActive()
    )
      return undefined;
    return this.stores;
  }
}
