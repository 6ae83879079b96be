import { AsyncLocalStorage } from "node:async_hooks";
import { WorkflowError } from "../errors/workflow-error.js";
import type { WorkflowTransactionRunner } from "../persistence/workflow-transaction-runner.js";
import { runAfterCommitCallbacks } from "../transaction/run-after-commit-callbacks.js";
import type { AfterCommitCallback } from "../transaction/types.js";

/**
 * The outermost in-memory transaction: stores hang row locks on it, released when it ends.
 *
 * @internal
 */
export interface InMemoryRootTransaction {
  readonly id: number;
  /** Registers a hook run when the outermost transaction commits or rolls back (before after-commit callbacks). */
  onEnd(hook: () => void): void;
}

/** A root transaction; a class, so registering a hook allocates no closure per transaction. */
class RootTransaction implements InMemoryRootTransaction {
  readonly endHooks: (() => void)[] = [];

  constructor(readonly id: number) {}

  onEnd(hook: () => void): void {
    this.endHooks.push(hook);
  }
}

interface Scope {
  readonly root: RootTransaction;
  readonly undo: (() => void)[];
  readonly callbacks: AfterCommitCallback[];
}

/**
 * A {@link WorkflowTransactionRunner} for in-memory stores. The active transaction propagates through
 * `AsyncLocalStorage`; stores register undo steps for each write, which are replayed in reverse on rollback
 * (copy-and-restore per record). Nested calls behave like savepoints: a failed nested call undoes only its
 * own writes and drops its own after-commit callbacks.
 *
 * @example
 * ```ts
 * const runner = new InMemoryTransactionRunner();
 * await runner.runInTransaction(async () => {
 *   runner.afterCommit(() => console.log("committed"));
 * });
 * ```
 */
export class InMemoryTransactionRunner implements WorkflowTransactionRunner {
  private readonly storage = new AsyncLocalStorage<Scope>();
  /** The transaction of {@link runImmediately} while its work runs (it never spans an await). */
  private immediate: Scope | undefined;
  private nextId = 1;

  /** The innermost scope of the current async context: an immediate transaction's, else the propagated one. */
  private current(): Scope | undefined {
    return this.immediate ?? this.storage.getStore();
  }

  private newRootScope(): Scope {
    return { root: new RootTransaction(this.nextId++), undo: [], callbacks: [] };
  }

  /** Runs `callback` in a new transaction, or in a savepoint-like child scope when one is active. */
  async runInTransaction<T>(callback: () => Promise<T>): Promise<T> {
    const parent = this.current();
    if (parent) return this.runNested(parent, callback);
    const scope = this.newRootScope();
    const endHooks = scope.root.endHooks;
    let result: T;
    try {
      result = await this.storage.run(scope, callback);
    } catch (error) {
      undoAll(scope.undo);
      endAll(endHooks);
      throw error;
    }
    endAll(endHooks);
    // Run outside the ALS scope so a transaction started by a callback is a fresh outermost one.
    if (scope.callbacks.length > 0) await this.storage.exit(() => runAfterCommitCallbacks(scope.callbacks));
    return result;
  }

  /**
   * Runs synchronous `work` as a new outermost transaction, without a promise or an `AsyncLocalStorage` scope:
   * the stores see it as the active transaction while `work` runs; its writes are undone and its locks released
   * when `work` throws, and its locks released when it returns. For work that never yields (an in-memory
   * transition without commands): no other transaction can interleave with it, so it needs no propagation
   * across awaits. Returns `work`'s value and, when after-commit callbacks were queued, the promise of running
   * them (after the commit, outside the transaction). Only called when no transaction is active.
   *
   * @internal
   */
  runImmediately<T>(work: () => T): { value: T; afterCommit: Promise<void> | undefined } {
    if (this.current()) throw new WorkflowError("runImmediately requires that no transaction is active");
    const scope = this.newRootScope();
    this.immediate = scope;
    let value: T;
    try {
      value = work();
    } catch (error) {
      this.immediate = undefined;
      undoAll(scope.undo);
      endAll(scope.root.endHooks);
      throw error;
    }
    this.immediate = undefined;
    endAll(scope.root.endHooks);
    const afterCommit = scope.callbacks.length > 0 ? runAfterCommitCallbacks(scope.callbacks) : undefined;
    return { value, afterCommit };
  }

  /** Queues `callback` on the innermost scope; throws `WorkflowError` outside a transaction. */
  afterCommit(callback: AfterCommitCallback): void {
    const scope = this.current();
    if (!scope) throw new WorkflowError("afterCommit requires an active transaction");
    scope.callbacks.push(callback);
  }

  /** Whether a transaction is active in the current async context. */
  isTransactionActive(): boolean {
    return this.current() !== undefined;
  }

  /**
   * The outermost transaction of the current async context, if any.
   *
   * @internal
   */
  currentRoot(): InMemoryRootTransaction | undefined {
    return this.current()?.root;
  }

  /**
   * Records how to undo a write made in the current transaction; outside a transaction the write is final.
   *
   * @internal
   */
  recordUndo(step: () => void): void {
    this.current()?.undo.push(step);
  }

  private async runNested<T>(parent: Scope, callback: () => Promise<T>): Promise<T> {
    const child: Scope = { root: parent.root, undo: [], callbacks: [] };
    try {
      const result = await this.storage.run(child, callback);
      parent.undo.push(...child.undo);
      parent.callbacks.push(...child.callbacks);
      return result;
    } catch (error) {
      undoAll(child.undo);
      throw error;
    }
  }
}

function undoAll(steps: (() => void)[]): void {
  for (let i = steps.length - 1; i >= 0; i--) steps[i]();
}

function endAll(hooks: (() => void)[]): void {
  for (const hook of hooks) hook();
}
