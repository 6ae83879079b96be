import type { WorkflowDefinition } from "../definition/types.js";
import type { WorkflowCommand } from "../model/workflow-command.js";
import type { WorkflowGuard } from "../model/workflow-guard.js";
import type { ValidationError, ValidationResult, WorkflowValidationOptions } from "../validator/types.js";

/** Holds the registered (latest) definitions. */
export interface WorkflowDefinitionRegistry {
  register(definition: WorkflowDefinition): void;
  /** Throws `WorkflowDefinitionError` for an unknown name. */
  get(name: string): WorkflowDefinition;
  has(name: string): boolean;
  /** In registration order. */
  getAll(): WorkflowDefinition[];
}

/** Looks up command handlers by name. */
export interface WorkflowCommandRegistry {
  /** Throws `WorkflowError('Command "<name>" not found in registry')` for an unknown name. */
  get(name: string): WorkflowCommand<any>;
  has(name: string): boolean;
  /** Optional: every registered name (used for `knownCommandNames`). */
  getRegisteredNames?(): Set<string>;
}

/** Looks up guards by name. */
export interface WorkflowGuardRegistry {
  /** Throws `WorkflowError('Guard "<name>" not found in registry')` for an unknown name. */
  get(name: string): WorkflowGuard<any>;
  has(name: string): boolean;
  /** Optional: every registered name (used for `knownGuardNames`). */
  getRegisteredNames?(): Set<string>;
}

/** Options of `InMemoryDefinitionRegistry`. */
export interface InMemoryDefinitionRegistryOptions {
  validator?: {
    validate(definition: WorkflowDefinition, options?: WorkflowValidationOptions): ValidationResult;
  };
  compiler?: { compile(definition: WorkflowDefinition): unknown };
  validationOptions?: WorkflowValidationOptions;
  onValidationWarning?(workflowName: string, warning: ValidationError): void;
}
