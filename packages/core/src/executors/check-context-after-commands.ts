import type { WorkflowDefinition } from "../definition/types.js";
import type { CommandExecutionResult } from "./types.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import { formatSchemaIssues } from "../errors/schema.error.js";
import { deepClone } from "../util/deep-clone.js";
import { readWorkflowSchemas, schemaIssues } from "../typed/workflow-schemas.js";

/** The `code` of the synthetic command result recorded when commands leave a context its schema rejects. */
export const CONTEXT_SCHEMA_FAILURE_CODE = "CONTEXT_SCHEMA_INVALID";

/**
 * Runs a command list; when the definition has a context schema and the commands succeeded but left a context
 * the schema rejects, the list fails like a failed command: the context is restored to what it was before the
 * list, and a failing result with code {@link CONTEXT_SCHEMA_FAILURE_CODE} and the issues is appended (so the
 * transition routes to `errorState`, or fails without one, and the history row lists the issues).
 *
 * @internal
 */
export async function runCommandsCheckingContext(
  definition: WorkflowDefinition,
  context: WorkflowExecutionContext,
  run: () => Promise<CommandExecutionResult>,
  lastCommandName: string | undefined,
): Promise<CommandExecutionResult> {
  const schema = readWorkflowSchemas(definition)?.context;
  if (!schema) return run();
  const before = deepClone(context.context);
  const executed = await run();
  if (executed.outcome !== "success") return executed;
  const issues = await schemaIssues(schema, context.context);
  if (issues.length === 0) return executed;
  const working = context.context;
  for (const key of Object.keys(working)) delete working[key];
  Object.assign(working, before);
  const message = `Context rejected by the workflow's schema: ${formatSchemaIssues(issues)}`;
  return {
    outcome: "failure",
    commandResults: [
      ...executed.commandResults,
      { ok: false, code: CONTEXT_SCHEMA_FAILURE_CODE, message, metadata: { issues } },
    ],
    failedCommandName: lastCommandName ?? "unknown",
  };
}
