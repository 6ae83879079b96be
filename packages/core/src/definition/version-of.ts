import type { WorkflowDefinition } from "./types.js";

/** The version a definition declares (`1` when omitted). */
export function versionOf(definition: WorkflowDefinition): number {
  return definition.version ?? 1;
}
