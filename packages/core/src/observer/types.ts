/** Delivered after commit each time an instance enters a state. All fields are frozen copies. */
export interface StateEnterEvent {
  readonly workflowName: string;
  readonly instanceUuid: string;
  /** Same as `toState`. */
  readonly state: string;
  readonly fromState: string | null;
  readonly toState: string;
  readonly transitionUuid: string;
  /** `null` (creation), the event name, `"onEnter"` (chain hops) or `"$migrated"`. */
  readonly triggerEvent: string | null;
  readonly context: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly triggerMetadata: Readonly<Record<string, unknown>>;
  readonly occurredAt: Date;
}

/** Receives state entries after the transaction that produced them commits (at most once). */
export interface WorkflowObserver {
  readonly name: string;
  onEnter?(event: StateEnterEvent): void | Promise<void>;
}

/** Called when an observer throws; observer failures never fail the runtime call. */
export type ObserverErrorHandler = (
  error: unknown,
  observer: { name: string },
  event: StateEnterEvent,
) => void | Promise<void>;
