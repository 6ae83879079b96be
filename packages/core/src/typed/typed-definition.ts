import type { WorkflowDefinition } from "../definition/types.js";
import type { DefinitionShape } from "./definition-shape.js";

/** The union of a definition's state names. */
export type WorkflowStateName<D extends DefinitionShape> = Extract<keyof D["states"], string>;

type EventsIn<S> = S extends { readonly events: infer E } ? Extract<keyof E, string> : never;

/** The union of the event names declared on `S` (by default: on any state) of a definition. */
export type WorkflowEventName<
  D extends DefinitionShape,
  S extends WorkflowStateName<D> = WorkflowStateName<D>,
> = S extends unknown ? EventsIn<D["states"][S]> : never;

type NamesIn<L> = L extends readonly (infer R)[]
  ? R extends { readonly name: infer N extends string }
    ? N
    : never
  : never;

type EventCommandNames<S> = S extends { readonly events: infer E }
  ? { [K in keyof E]: E[K] extends { readonly commands: infer L } ? NamesIn<L> : never }[keyof E]
  : never;

type OnEnterCommandNames<S> = S extends { readonly onEnter: { readonly commands: infer L } }
  ? NamesIn<L>
  : never;

/** The union of every command name a definition references (events and onEnter). */
export type WorkflowCommandName<D extends DefinitionShape> = {
  [S in keyof D["states"]]: EventCommandNames<D["states"][S]> | OnEnterCommandNames<D["states"][S]>;
}[keyof D["states"]];

type EventGuardNames<S> = S extends { readonly events: infer E }
  ? {
      [K in keyof E]: E[K] extends { readonly guard: { readonly name: infer N extends string } } ? N : never;
    }[keyof E]
  : never;

/** The union of every guard name a definition references. */
export type WorkflowGuardName<D extends DefinitionShape> = {
  [S in keyof D["states"]]: EventGuardNames<D["states"][S]>;
}[keyof D["states"]];

type Targets<N extends string> = { readonly targetState?: N; readonly errorState?: N };

/**
 * What `defineWorkflow` additionally requires of a definition: the initial state and every `targetState` and
 * `errorState` name a declared state, so a typo is a compile error at the definition.
 */
export type CheckedDefinition<D extends DefinitionShape> = {
  readonly initialState: WorkflowStateName<D>;
  readonly states: {
    readonly [S in keyof D["states"]]: {
      readonly events?: { readonly [E in keyof D["states"][S]["events"]]: Targets<WorkflowStateName<D>> };
      readonly onEnter?: Targets<WorkflowStateName<D>>;
    };
  };
};

/** The value types of a typed workflow: its context, its metadata and the payload of each event. */
export interface WorkflowTypes {
  context: Record<string, unknown>;
  metadata: Record<string, unknown>;
  payloads: Record<string, unknown>;
}

/** The types of a workflow declared without schemas or generics. */
export interface UntypedWorkflowValues {
  context: Record<string, unknown>;
  metadata: Record<string, unknown>;
  payloads: Record<string, unknown>;
}

declare const workflowTypes: unique symbol;

/**
 * A definition returned by `defineWorkflow`: a plain `WorkflowDefinition` at run time (register it as usual)
 * that also carries, for the compiler only, its literal shape and its value types.
 */
export type TypedWorkflow<
  D extends DefinitionShape = DefinitionShape,
  T extends WorkflowTypes = UntypedWorkflowValues,
> = WorkflowDefinition<WorkflowStateName<D>> & {
  /** Type-level only: never present at run time. */
  readonly [workflowTypes]?: { readonly definition: D; readonly types: T };
};

/** Any typed workflow. */
export type AnyTypedWorkflow = TypedWorkflow<any, any>;

/** The literal definition shape a typed workflow was defined with. */
export type DefinitionOf<W> = W extends { readonly [workflowTypes]?: { readonly definition: infer D } }
  ? D extends DefinitionShape
    ? D
    : never
  : never;

/** The value types of a typed workflow. */
export type TypesOf<W> = W extends { readonly [workflowTypes]?: { readonly types: infer T } }
  ? T extends WorkflowTypes
    ? T
    : never
  : never;

/** The context type of a typed workflow. */
export type ContextOf<W> = TypesOf<W>["context"];

/** The metadata type of a typed workflow. */
export type MetadataOf<W> = TypesOf<W>["metadata"];

/** The payload (`subject`) type of event `E` of a typed workflow; `unknown` when not declared. */
export type PayloadOf<W, E extends string> = E extends keyof TypesOf<W>["payloads"]
  ? TypesOf<W>["payloads"][E]
  : unknown;

/** The state union of a typed workflow. */
export type StateOf<W> = WorkflowStateName<DefinitionOf<W>>;

/** The event union of a typed workflow, optionally restricted to the events of states `S`. */
export type EventOf<W, S extends StateOf<W> = StateOf<W>> = WorkflowEventName<DefinitionOf<W>, S>;

/** The command-name union of a typed workflow. */
export type CommandOf<W> = WorkflowCommandName<DefinitionOf<W>>;
