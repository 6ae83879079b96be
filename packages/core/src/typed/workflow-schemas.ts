import type { WorkflowDefinition } from "../definition/types.js";
import { WorkflowSchemaValidationError, type WorkflowSchemaIssue } from "../errors/schema.error.js";
import { InvalidArgumentError } from "../errors/workflow-error.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

/**
 * Optional run-time schemas of a typed workflow, in any Standard Schema library (zod, valibot, arktype, …).
 * Values are checked, never transformed: what is stored is what the caller or command gave.
 */
export interface WorkflowSchemas {
  /** The instance context: checked at `createInstance` and after each command list of a transition. */
  context?: StandardSchemaV1;
  /** The write-once instance metadata: checked at `createInstance`. */
  metadata?: StandardSchemaV1;
  /** Event payloads (`subject`), keyed by event name: checked by `triggerEvent` and `enqueueEvent`. */
  events?: Record<string, StandardSchemaV1>;
}

// A global symbol: a definition built by one copy of the package (ESM or CommonJS) is read by the other.
const SCHEMAS = Symbol.for("duraflows.workflowSchemas");

/**
 * Attaches `schemas` to `definition` as a hidden accessor, so the definition's JSON, its hash and its deep
 * freeze are unchanged (accessors are neither serialised, cloned, hashed nor frozen).
 *
 * @internal
 */
export function attachWorkflowSchemas<T extends object>(definition: T, schemas: WorkflowSchemas): T {
  if (!Object.isExtensible(definition)) {
    throw new InvalidArgumentError(
      "defineWorkflow cannot attach schemas to a frozen definition: freeze it after defineWorkflow",
    );
  }
  Object.defineProperty(definition, SCHEMAS, {
    get: () => schemas,
    enumerable: false,
    configurable: true,
  });
  return definition;
}

/**
 * The schemas attached by `defineWorkflow`, or `undefined` for a plain definition.
 *
 * @example
 * ```ts
 * const schemas = readWorkflowSchemas(orderWorkflow);
 * ```
 */
export function readWorkflowSchemas(definition: WorkflowDefinition | object): WorkflowSchemas | undefined {
  return (definition as { [SCHEMAS]?: WorkflowSchemas })[SCHEMAS];
}

/**
 * Whether the definition carries a context schema (checked after each command list).
 *
 * @internal
 */
export function hasContextSchema(definition: WorkflowDefinition): boolean {
  return readWorkflowSchemas(definition)?.context !== undefined;
}

/** The issues a schema reports for `value`, normalised; an empty array when the value is valid. */
export async function schemaIssues(schema: StandardSchemaV1, value: unknown): Promise<WorkflowSchemaIssue[]> {
  const result = await schema["~standard"].validate(value);
  if (!result.issues) return [];
  return result.issues.map((issue) => ({
    message: issue.message,
    path: (issue.path ?? []).map((segment) => {
      const key = typeof segment === "object" && segment !== null ? segment.key : segment;
      return typeof key === "number" ? key : String(key);
    }),
  }));
}

/**
 * Throws {@link WorkflowSchemaValidationError} listing every issue when `value` does not match `schema`.
 *
 * @internal
 */
export async function assertMatchesSchema(
  schema: StandardSchemaV1 | undefined,
  value: unknown,
  target: string,
  workflowName: string,
): Promise<void> {
  if (!schema) return;
  const issues = await schemaIssues(schema, value);
  if (issues.length > 0) throw new WorkflowSchemaValidationError(target, issues, workflowName);
}

/**
 * Checks an event payload against the registered workflow's schema for that event, if any.
 *
 * @internal
 */
export async function assertPayloadMatches(
  definition: WorkflowDefinition | undefined,
  eventName: string,
  subject: unknown,
): Promise<void> {
  if (!definition) return;
  const events = readWorkflowSchemas(definition)?.events;
  if (!events || !Object.hasOwn(events, eventName)) return;
  await assertMatchesSchema(events[eventName], subject, `payload of ${eventName}`, definition.name);
}
