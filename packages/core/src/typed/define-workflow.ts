import type { DefinitionShape } from "./definition-shape.js";
import type { InferSchemaOutput, StandardSchemaV1 } from "./standard-schema.js";
import type {
  CheckedDefinition,
  TypedWorkflow,
  UntypedWorkflowValues,
  WorkflowEventName,
  WorkflowTypes,
} from "./typed-definition.js";
import { attachWorkflowSchemas, type WorkflowSchemas } from "./workflow-schemas.js";

/** Schemas accepted for definition `D`: event keys must be events of `D`. */
export interface WorkflowSchemasFor<D extends DefinitionShape> {
  context?: StandardSchemaV1;
  metadata?: StandardSchemaV1;
  events?: { [E in WorkflowEventName<D>]?: StandardSchemaV1 };
}

type OutputOr<S, Fallback> = S extends StandardSchemaV1 ? InferSchemaOutput<S> : Fallback;

/** The value types inferred from the schemas given to `defineWorkflow`. */
export interface TypesFromSchemas<D extends DefinitionShape, S extends WorkflowSchemasFor<D>> {
  context: OutputOr<S["context"], Record<string, unknown>> & Record<string, unknown>;
  metadata: OutputOr<S["metadata"], Record<string, unknown>> & Record<string, unknown>;
  payloads: {
    [E in WorkflowEventName<D>]: S["events"] extends object
      ? E extends keyof S["events"]
        ? OutputOr<S["events"][E], unknown>
        : unknown
      : unknown;
  };
}

/** Value types declared through the generic form `defineWorkflow<{ context: …; payloads: … }>()`. */
export interface DeclaredWorkflowTypes {
  context?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  payloads?: Record<string, unknown>;
}

type Resolved<T extends DeclaredWorkflowTypes> = {
  context: T["context"] extends Record<string, unknown> ? T["context"] : Record<string, unknown>;
  metadata: T["metadata"] extends Record<string, unknown> ? T["metadata"] : Record<string, unknown>;
  payloads: T["payloads"] extends Record<string, unknown> ? T["payloads"] : Record<string, unknown>;
};

/**
 * Declares a typed workflow. At run time it returns `definition` itself (with `schemas`, when given, attached
 * invisibly), so it registers and hashes exactly like the plain definition. At compile time it infers the
 * state, event, command and guard names from the literal, rejects a `targetState`/`errorState` that names no
 * state, and carries the context, metadata and payload types to `runtime.getHandle(uuid, workflow)`,
 * `runtime.createInstance(workflow, input)` and `registerWorkflowCommands`.
 *
 * Three forms:
 * - `defineWorkflow({ … })`: names only;
 * - `defineWorkflow({ … }, { context, metadata, events })`: Standard Schemas (zod, valibot, arktype, …), checked at
 *   run time and inferred at compile time;
 * - `defineWorkflow<{ context: Ctx; payloads: { Pay: Payment } }>()({ … })`: types only, no run-time checks.
 *
 * @example
 * ```ts
 * const order = defineWorkflow(
 *   {
 *     name: "order",
 *     initialState: "new",
 *     states: { new: { events: { Pay: { targetState: "paid" } } }, paid: {} },
 *   },
 *   { context: z.object({ total: z.number() }), events: { Pay: z.object({ amount: z.number() }) } },
 * );
 * registry.register(order);
 * await runtime.getHandle(uuid, order).triggerEvent("Pay", { subject: { amount: 10 } });
 * ```
 */
export function defineWorkflow<const D extends DefinitionShape>(
  definition: D & CheckedDefinition<D>,
): TypedWorkflow<D, UntypedWorkflowValues>;
export function defineWorkflow<const D extends DefinitionShape, const S extends WorkflowSchemasFor<D>>(
  definition: D & CheckedDefinition<D>,
  schemas: S,
): TypedWorkflow<D, TypesFromSchemas<D, S>>;
export function defineWorkflow<T extends DeclaredWorkflowTypes>(): <const D extends DefinitionShape>(
  definition: D & CheckedDefinition<D>,
) => TypedWorkflow<D, Resolved<T> & WorkflowTypes>;
export function defineWorkflow(definition?: object, schemas?: WorkflowSchemas): unknown {
  if (definition === undefined) return (typed: object) => typed;
  if (schemas !== undefined) attachWorkflowSchemas(definition, schemas as WorkflowSchemas);
  return definition;
}
