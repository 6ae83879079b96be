import type { WorkflowDefinition } from "../definition/types.js";
import { referencedNames, terminalStates } from "../definition/terminal-states.js";
import type { WorkflowExecutionStore } from "../persistence/workflow-execution-store.js";
import { WorkflowError } from "../errors/workflow-error.js";
import type { WorkflowDefinitionStore } from "../persistence/workflow-definition-store.js";
import type { WorkflowInstanceStore } from "../persistence/workflow-instance-store.js";
import type {
  WorkflowCommandRegistry,
  WorkflowDefinitionRegistry,
  WorkflowGuardRegistry,
} from "../registry/types.js";
import type { WorkflowValidator } from "../validator/workflow-validator.js";
import type { DefinitionVersionSummary } from "../model/definition-versions.js";

/** The stores and registries version inspection reads. */
export interface VersionInspectionDeps {
  definitionRegistry: WorkflowDefinitionRegistry;
  commandRegistry: WorkflowCommandRegistry;
  guardRegistry?: WorkflowGuardRegistry;
  instanceStore: WorkflowInstanceStore;
  definitionStore?: WorkflowDefinitionStore;
  executionStore?: WorkflowExecutionStore;
  validator: WorkflowValidator;
}

/** One version that cannot execute; `text` is the problem without the `Workflow "<name>": ` prefix. */
export interface UnresolvableVersion {
  workflowName: string;
  text: string;
}

/**
 * Instances of `workflowName@version` resting outside the version's terminal states, plus (with an execution
 * store) instances owning an active execution captured under that version.
 *
 * @internal
 */
async function countActiveInstances(
  deps: Pick<VersionInspectionDeps, "instanceStore" | "executionStore">,
  workflowName: string,
  version: number,
  definition: WorkflowDefinition,
): Promise<number> {
  const input = { workflowName, definitionVersion: version, excludeStates: terminalStates(definition) };
  if (!deps.executionStore) return deps.instanceStore.countInstances(input);
  if (!deps.executionStore.countInstancesUsingDefinition) {
    throw new WorkflowError(
      "Durable version inspection requires WorkflowExecutionStore.countInstancesUsingDefinition; implement it to count queued definition snapshots safely",
    );
  }
  return deps.executionStore.countInstancesUsingDefinition(input);
}

/**
 * Every stored version of a pinned workflow that has active instances but references unregistered commands or
 * guards, or is structurally invalid.
 *
 * @internal
 */
export async function findUnresolvableVersions(deps: VersionInspectionDeps): Promise<UnresolvableVersion[]> {
  const store = deps.definitionStore;
  if (!store) return [];
  const problems: UnresolvableVersion[] = [];
  for (const registered of deps.definitionRegistry.getAll()) {
    if (registered.versionPolicy === "latest") continue;
    for (const row of await store.listVersions(registered.name)) {
      const definition = row.definitionJson;
      const active = await countActiveInstances(deps, registered.name, row.version, definition);
      if (active === 0) continue;
      const parts: string[] = [];
      const missing = missingReferences(deps, definition);
      if (missing) parts.push(`references unregistered ${missing}`);
      const validation = deps.validator.validate(definition);
      if (!validation.valid) parts.push(`is invalid: ${validation.errors.map((e) => e.message).join("; ")}`);
      if (parts.length === 0) continue;
      const instances = `${active} active instance${active === 1 ? "" : "s"}`;
      problems.push({
        workflowName: registered.name,
        text: `version ${row.version} (${instances}) ${parts.join(" and ")}`,
      });
    }
  }
  return problems;
}

/**
 * `commands [a, b], guards [g]` for the unregistered names a definition references (empty lists omitted), or
 * `null` when everything is registered. Without a guard registry every guard counts as missing.
 *
 * @internal
 */
export function missingReferences(
  deps: Pick<VersionInspectionDeps, "commandRegistry" | "guardRegistry">,
  definition: WorkflowDefinition,
): string | null {
  const names = referencedNames(definition);
  const commands = [...names.commands].filter((name) => !deps.commandRegistry.has(name));
  const guards = [...names.guards].filter((name) => !deps.guardRegistry?.has(name));
  const lists: string[] = [];
  if (commands.length > 0) lists.push(`commands [${commands.join(", ")}]`);
  if (guards.length > 0) lists.push(`guards [${guards.join(", ")}]`);
  return lists.length > 0 ? lists.join(", ") : null;
}

/**
 * Every stored version of a workflow, ascending, with its active-instance count.
 *
 * @internal
 */
export async function listDefinitionVersions(
  deps: Pick<VersionInspectionDeps, "definitionStore" | "instanceStore" | "executionStore">,
  workflowName: string,
): Promise<DefinitionVersionSummary[]> {
  if (!deps.definitionStore) throw new WorkflowError("listDefinitionVersions requires a definition store");
  const summaries: DefinitionVersionSummary[] = [];
  for (const row of await deps.definitionStore.listVersions(workflowName)) {
    summaries.push({
      version: row.version,
      contentHash: row.contentHash,
      registeredAt: row.registeredAt,
      activeInstances: await countActiveInstances(deps, workflowName, row.version, row.definitionJson),
    });
  }
  return summaries;
}
