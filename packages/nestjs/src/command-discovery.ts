import type { DiscoveryService } from "@nestjs/core";
import { WorkflowError } from "@duraflows/core";
import { workflowCommandDiscoverable } from "./decorators/workflow-command.decorator.js";
import type { WorkflowCommandRegistration } from "./nest-command-registry.js";
import { commandConflictMessage } from "./workflow.messages.js";

/**
 * Every provider decorated with `@WorkflowCommand(name)`, as registrations. Wrappers without a metatype
 * (`useValue`/`useFactory` providers hide the class) and non-string names are skipped; the same class found in
 * several modules counts once.
 *
 * @internal
 */
export function discoverWorkflowCommands(discovery: DiscoveryService): WorkflowCommandRegistration[] {
  const found: WorkflowCommandRegistration[] = [];
  for (const wrapper of discovery.getProviders({ metadataKey: workflowCommandDiscoverable.KEY })) {
    const raw: unknown = discovery.getMetadataByDecorator(workflowCommandDiscoverable, wrapper);
    const name = Array.isArray(raw) ? raw[0] : raw;
    if (typeof name !== "string" || !wrapper.metatype) continue;
    // The same class listed in the providers of two modules yields two wrappers but is one registration.
    if (found.some((entry) => entry.name === name && entry.useClass === wrapper.metatype)) continue;
    found.push({ name, useClass: wrapper.metatype as WorkflowCommandRegistration["useClass"] });
  }
  return found;
}

/**
 * Explicit registrations first, then discovered ones; a name present in both throws `WorkflowError`.
 *
 * @internal
 */
export function mergeCommandRegistrations(
  explicit: WorkflowCommandRegistration[],
  discovered: WorkflowCommandRegistration[],
): WorkflowCommandRegistration[] {
  const explicitNames = new Set(explicit.map((registration) => registration.name));
  for (const registration of discovered) {
    if (explicitNames.has(registration.name))
      throw new WorkflowError(commandConflictMessage(registration.name));
  }
  return [...explicit, ...discovered];
}
