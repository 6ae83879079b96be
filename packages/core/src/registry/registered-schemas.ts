import type { WorkflowDefinitionRegistry } from "./types.js";
import {
  assertPayloadMatches,
  readWorkflowSchemas,
  type WorkflowSchemas,
} from "../typed/workflow-schemas.js";

/**
 * The schemas of the registered (latest) definition of `workflowName`: they govern every instance of the
 * workflow, whichever stored version it is pinned to.
 *
 * @internal
 */
export function registeredSchemas(
  registry: WorkflowDefinitionRegistry,
  workflowName: string,
): WorkflowSchemas | undefined {
  return registry.has(workflowName) ? readWorkflowSchemas(registry.get(workflowName)) : undefined;
}

/**
 * Checks an event payload against the registered workflow's schema for that event (no-op without one).
 *
 * @internal
 */
export function assertRegisteredPayload(
  registry: WorkflowDefinitionRegistry,
  workflowName: string,
  eventName: string,
  subject: unknown,
): Promise<void> | undefined {
  if (!registry.has(workflowName)) return undefined;
  const definition = registry.get(workflowName);
  if (!readWorkflowSchemas(definition)?.events) return undefined;
  return assertPayloadMatches(definition, eventName, subject);
}
