import type { WorkflowDefinition } from "../definition/types.js";
import { WorkflowDefinitionError } from "../errors/definition.error.js";
import { describeThrown } from "../errors/describe-thrown.js";
import { deepClone } from "../util/deep-clone.js";
import { assertJsonDepth, assertStorableJson } from "../util/storable-json.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { attachWorkflowSchemas, readWorkflowSchemas } from "../typed/workflow-schemas.js";
import type { InMemoryDefinitionRegistryOptions, WorkflowDefinitionRegistry } from "./types.js";

/**
 * A {@link WorkflowDefinitionRegistry} that keeps deep-frozen clones of the registered definitions, optionally
 * validating and compiling each one at registration.
 *
 * @example
 * ```ts
 * const registry = new InMemoryDefinitionRegistry({ validator: new WorkflowValidator(), compiler: new WorkflowCompiler() });
 * registry.register(orderWorkflow);
 * ```
 */
export class InMemoryDefinitionRegistry implements WorkflowDefinitionRegistry {
  private readonly definitions = new Map<string, WorkflowDefinition>();

  constructor(private readonly options: InMemoryDefinitionRegistryOptions = {}) {}

  /**
   * Registers a clone of `definition` (caller mutations afterwards have no effect). Throws
   * `WorkflowDefinitionError` for a duplicate name, a bad `version`, an invalid definition or a compile failure.
   */
  register(definition: WorkflowDefinition): void {
    const name = definition.name;
    if (this.definitions.has(name)) {
      throw new WorkflowDefinitionError(name, "A workflow with this name is already registered");
    }
    const version: unknown = definition.version;
    if (version !== undefined && !(Number.isSafeInteger(version) && (version as number) > 0)) {
      throw new WorkflowDefinitionError(name, `version must be a positive integer, got ${String(version)}`);
    }
    // Cloning, freezing and validating recurse: absurd nesting must fail here with a clear error, not a RangeError.
    try {
      assertJsonDepth(definition, "definition");
    } catch (error) {
      throw new WorkflowDefinitionError(name, `Invalid definition: ${describeThrown(error)}`);
    }
    const copy = deepClone(definition);
    // Schemas from `defineWorkflow` live on a hidden accessor that cloning drops: carry them to the copy.
    const schemas = readWorkflowSchemas(definition);
    if (schemas) attachWorkflowSchemas(copy, schemas);
    const frozen = deepFreeze(copy);

    const { validator, compiler, validationOptions, onValidationWarning } = this.options;
    if (validator) {
      const result = validator.validate(frozen, validationOptions);
      if (!result.valid) {
        const messages = result.errors.map((error) => error.message).join("; ");
        throw new WorkflowDefinitionError(name, `Invalid definition: ${messages}`);
      }
      for (const warning of result.warnings ?? []) onValidationWarning?.(name, warning);
    }
    // After the validator, so its specified messages win. Names and patches end up in text/jsonb columns: a
    // NUL or lone surrogate would fail there or be silently replaced, stranding instances in an unknown state.
    try {
      assertStorableJson(frozen, "definition");
    } catch (error) {
      throw new WorkflowDefinitionError(name, `Invalid definition: ${describeThrown(error)}`);
    }
    if (compiler) {
      try {
        compiler.compile(frozen);
      } catch (error) {
        if (error instanceof WorkflowDefinitionError) throw error;
        throw new WorkflowDefinitionError(name, describeThrown(error), error);
      }
    }
    this.definitions.set(name, frozen);
  }

  /** The frozen registered copy; an unknown name throws `WorkflowDefinitionError`. */
  get(name: string): WorkflowDefinition {
    const definition = this.definitions.get(name);
    if (definition === undefined) throw new WorkflowDefinitionError(name, "Workflow not found in registry");
    return definition;
  }

  /** Whether a workflow with this name is registered. */
  has(name: string): boolean {
    return this.definitions.has(name);
  }

  /** Every registered definition, in registration order. */
  getAll(): WorkflowDefinition[] {
    return [...this.definitions.values()];
  }
}
