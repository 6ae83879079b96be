import { WorkflowError } from "../errors/workflow-error.js";
import type { WorkflowCommand } from "../model/workflow-command.js";
import type { WorkflowCommandRegistry } from "./types.js";

/**
 * A {@link WorkflowCommandRegistry} backed by a `Map`; commands are keyed by the name they are registered
 * under (a command's own optional `name` is not used).
 *
 * @example
 * ```ts
 * const commands = new InMemoryCommandRegistry();
 * commands.register("charge", { execute: async () => ({ ok: true }) });
 * ```
 */
export class InMemoryCommandRegistry implements WorkflowCommandRegistry {
  private readonly commands = new Map<string, WorkflowCommand<any>>();

  /** Registers `command` under `name`; a duplicate name throws `WorkflowError`. */
  register(name: string, command: WorkflowCommand<any>): void {
    if (this.commands.has(name)) throw new WorkflowError(`Command "${name}" is already registered`);
    this.commands.set(name, command);
  }

  /** Returns the command registered under `name`; an unknown name throws `WorkflowError`. */
  get(name: string): WorkflowCommand<any> {
    const command = this.commands.get(name);
    if (command === undefined) throw new WorkflowError(`Command "${name}" not found in registry`);
    return command;
  }

  /** Whether a command is registered under `name`. */
  has(name: string): boolean {
    return this.commands.has(name);
  }

  /** A fresh set of every registered name (suitable for `knownCommandNames`). */
  getRegisteredNames(): Set<string> {
    return new Set(this.commands.keys());
  }
}
