/*
 * Deeply readonly structural shapes that a `const` definition literal satisfies. `defineWorkflow` infers the
 * literal through them (a `const` type parameter makes arrays readonly, which `WorkflowDefinition` does not
 * accept), so every state, event, command and guard name keeps its literal type.
 */

/** A command or guard reference as written in a `const` definition. */
export interface RefShape {
  readonly name: string;
  readonly transactional?: boolean;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** An event as written in a `const` definition. */
export interface EventShape {
  readonly guard?: RefShape;
  readonly targetState?: string;
  readonly errorState?: string;
  readonly commands?: readonly RefShape[];
  readonly timeout?: {
    readonly afterMinutes?: number;
    readonly afterHours?: number;
    readonly afterDays?: number;
  };
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** An onEnter block as written in a `const` definition. */
export interface OnEnterShape {
  readonly targetState?: string;
  readonly errorState?: string;
  readonly commands?: readonly RefShape[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A state as written in a `const` definition. */
export interface StateShape {
  readonly context?: Readonly<Record<string, unknown>>;
  readonly events?: { readonly [eventName: string]: EventShape };
  readonly onEnter?: OnEnterShape;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A workflow definition as written in a `const` literal; every `WorkflowDefinition` value has this shape. */
export interface DefinitionShape {
  readonly name: string;
  readonly version?: number;
  readonly versionPolicy?: "pinned" | "latest";
  readonly initialState: string;
  readonly states: { readonly [stateName: string]: StateShape };
}
