import { InvalidArgumentError, WorkflowError } from "../errors/workflow-error.js";
import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";
import { missingReferences } from "../versioning/definition-version-inspector.js";
import type { MigrateInstancesInput } from "../model/definition-versions.js";

/** A validated migration request. */
export interface MigrationPlan {
  input: MigrateInstancesInput;
  target: CompiledWorkflow;
  limit: number;
  warnings: string[];
}

function assertStringArray(name: string, value: unknown): asserts value is string[] {
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== "string")) {
    throw new InvalidArgumentError(`${name} must contain only strings`);
  }
}

/**
 * The upfront checks of `migrateInstances`, in the specified order; the first failure throws and
 * nothing is written.
 *
 * @internal
 */
export async function planMigration(
  internals: RuntimeInternals,
  syncDefinitions: () => Promise<void>,
  input: MigrateInstancesInput,
): Promise<MigrationPlan> {
  if (!internals.definitionStore) throw new WorkflowError("migrateInstances requires a definition store");
  await syncDefinitions();
  assertPositiveSafeInteger("fromVersion", input.fromVersion);
  assertPositiveSafeInteger("toVersion", input.toVersion);
  if (input.fromVersion === input.toVersion)
    throw new InvalidArgumentError("fromVersion and toVersion must differ");
  if (input.limit !== undefined) assertPositiveSafeInteger("limit", input.limit);
  if (input.states !== undefined) {
    if (Array.isArray(input.states) && input.states.length === 0)
      throw new InvalidArgumentError("states must not be empty");
    assertStringArray("states", input.states);
  }
  if (input.excludeStates !== undefined) assertStringArray("excludeStates", input.excludeStates);
  if (input.cursor !== undefined) {
    if (typeof input.cursor !== "string" || input.cursor === "") {
      throw new InvalidArgumentError("cursor must be a non-empty string");
    }
    if (input.instanceUuids !== undefined)
      throw new InvalidArgumentError("cursor cannot be combined with instanceUuids");
  }
  const target = await internals.resolver.forVersion(input.workflowName, input.toVersion);
  const states = target.definition.states;
  for (const [from, to] of Object.entries(input.stateMapping ?? {})) {
    if (!Object.hasOwn(states, to)) {
      throw new InvalidArgumentError(
        `stateMapping maps "${from}" to "${to}", which is not a state of version ${input.toVersion}`,
      );
    }
    if (states[to].onEnter) {
      throw new InvalidArgumentError(
        `stateMapping maps "${from}" to "${to}", which has an onEnter in version ${input.toVersion}; migration never runs onEnter`,
      );
    }
  }
  if (input.instanceUuids === undefined && !internals.instanceStore.findInstanceUuids) {
    throw new WorkflowError(
      "migrateInstances without instanceUuids requires an instance store that implements findInstanceUuids",
    );
  }
  const missing = missingReferences(internals, target.definition);
  const warnings = missing ? [`version ${input.toVersion} references unregistered ${missing}`] : [];
  return { input, target, limit: input.limit ?? Number.POSITIVE_INFINITY, warnings };
}
