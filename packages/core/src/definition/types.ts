/**
 * A reference to a registered command from a definition.
 */
export interface WorkflowCommandRef {
  /** Name the command is registered under in the {@link WorkflowCommandRegistry}. */
  name: string;
  /**
   * Durable execution only: run the handler inside the checkpoint transaction instead of outside any
   * transaction. Ignored by synchronous `triggerEvent`.
   */
  transactional?: boolean;
  /** Free-form data delivered to the handler as `ctx.commandMetadata` (deep-cloned and frozen). */
  metadata?: Record<string, unknown>;
}

/** A reference to a registered guard from an event definition. */
export interface WorkflowGuardRef {
  /** Name the guard is registered under in the {@link WorkflowGuardRegistry}. */
  name: string;
  /** Free-form data delivered to the guard as `ctx.commandMetadata` (deep-cloned and frozen). */
  metadata?: Record<string, unknown>;
}

/**
 * A timeout on an event: the event fires automatically when the instance has stayed in the state for the
 * given duration. Fields are additive; only minutes, hours and days exist.
 */
export interface WorkflowTimeoutDefinition {
  afterMinutes?: number;
  afterHours?: number;
  afterDays?: number;
}

/** An event available in a state. At least one of `targetState`, `errorState` or `commands` is required. */
export interface WorkflowEventDefinition<TState extends string = string> {
  /** Precondition evaluated before the commands; a falsy result records a `guard-rejected` history row. */
  guard?: WorkflowGuardRef;
  /** Destination when every mandatory command succeeds. */
  targetState?: TState;
  /** Destination when a mandatory command returns `ok: false`. */
  errorState?: TState;
  /** Commands executed sequentially, fail-fast on the first mandatory failure. */
  commands?: WorkflowCommandRef[];
  /** Makes this event the state's timeout event. */
  timeout?: WorkflowTimeoutDefinition;
  /** Free-form data returned by `getAvailableEvents`. */
  metadata?: Record<string, unknown>;
}

/** Automatic behaviour run each time a state is entered. */
export interface WorkflowOnEnterDefinition<TState extends string = string> {
  targetState?: TState;
  errorState?: TState;
  commands?: WorkflowCommandRef[];
  metadata?: Record<string, unknown>;
}

/** One state of a workflow. */
export interface WorkflowStateDefinition<TState extends string = string> {
  /** Context patch shallow-merged into the instance context whenever the state is entered. */
  context?: Record<string, unknown>;
  /** Events available in this state, keyed by event name. */
  events?: Record<string, WorkflowEventDefinition<TState>>;
  /** Automatic behaviour on entry. */
  onEnter?: WorkflowOnEnterDefinition<TState>;
  /** Free-form, not interpreted. */
  metadata?: Record<string, unknown>;
}

/**
 * A declarative workflow definition. With a literal state union as `TState`, targets are type-checked.
 *
 * @example
 * ```ts
 * type OrderState = "new" | "paid";
 * const order: WorkflowDefinition<OrderState> = {
 *   name: "order",
 *   initialState: "new",
 *   states: { new: { events: { Pay: { targetState: "paid" } } }, paid: {} },
 * };
 * ```
 */
export interface WorkflowDefinition<TState extends string = string> {
  /** Unique workflow name; must not be blank. */
  name: string;
  /** Definition version, a positive safe integer; omitted means 1. */
  version?: number;
  /**
   * `"pinned"` (default): instances keep running the version they were stamped with. `"latest"`: every
   * instance runs the latest registered definition. The policy of the latest registered definition governs.
   */
  versionPolicy?: "pinned" | "latest";
  /** The state every new instance starts in; must be a key of `states`. */
  initialState: TState;
  /** The states, keyed by name. */
  states: Record<TState, WorkflowStateDefinition<TState>>;
}
