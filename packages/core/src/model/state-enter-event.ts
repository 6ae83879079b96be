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
  /**
   * Set on outbox deliveries only: the stable id of this delivery, the same on every retry and re-delivery, so
   * a consumer can drop duplicates.
   */
  readonly eventId?: string;
}
