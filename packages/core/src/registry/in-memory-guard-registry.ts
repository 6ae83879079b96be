import { WorkflowError } from "../errors/workflow-error.js";
import type { WorkflowGuard } from "../model/workflow-guard.js";
import type { WorkflowGuardRegistry } from "./types.js";

/**
 * A {@link WorkflowGuardRegistry} backed by a `Map`; guards are keyed by the name they are registered under.
 *
 * @example
 * ```ts
 * const guards = new InMemoryGuardRegistry();
 * guards.register("isPaid", { name: "isPaid", evaluate: (_subject, ctx) => ctx.context.paid === true });
 * ```
 */
export class InMemoryGuardRegistry implements WorkflowGuardRegistry {
  private readonly guards = new Map<string, WorkflowGuard<any>>();

  /** Registers `guard` under `name`; a duplicate name throws `WorkflowError`. */
  register(name: string, guard: WorkflowGuard<any>): void {
    if (this.guards.has(name)) throw new WorkflowError(`Guard "${name}" is already registered`);
    this.guards.set(name, guard);
  }

  /** Returns the guard registered under `name`; an unknown name throws `WorkflowError`. */
  get(name: string): WorkflowGuard<any> {
    const guard = this.guards.get(name);
    if (guard === undefined) throw new WorkflowError(`Guard "${name}" not found in registry`);
    return guard;
  }

  /** Whether a guard is registered under `name`. */
  has(name: string): boolean {
    return this.guards.has(name);
  }

  /** A fresh set of every registered name (suitable for `knownGuardNames`). */
  getRegisteredNames(): Set<string> {
    return new Set(this.guards.keys());
  }
}
