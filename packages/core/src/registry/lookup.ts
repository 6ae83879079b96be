import { WorkflowError } from "../errors/workflow-error.js";
import type { WorkflowCommand } from "../model/workflow-command.js";
import type { WorkflowGuard } from "../model/workflow-guard.js";
import type { WorkflowCommandRegistry, WorkflowGuardRegistry } from "./types.js";

/**
 * The command registered under `name`. A custom registry that returns nothing for an unknown name gets the
 * same `WorkflowError` as the bundled registries.
 *
 * @internal
 */
export function lookupCommand(registry: WorkflowCommandRegistry, name: string): WorkflowCommand<any> {
  const command = registry.get(name) as WorkflowCommand<any> | null | undefined;
  if (command == null) throw new WorkflowError(`Command "${name}" not found in registry`);
  return command;
}

/**
 * The guard registered under `name`; a lookup miss is `WorkflowError('Guard "<name>" not found in registry')`
 * whatever the registry implementation does.
 *
 * @internal
 */
export function lookupGuard(registry: WorkflowGuardRegistry, name: string): WorkflowGuard<any> {
  const guard = registry.get(name) as WorkflowGuard<any> | null | undefined;
  if (guard == null) throw new WorkflowError(`Guard "${name}" not found in registry`);
  return guard;
}
