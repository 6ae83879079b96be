import type { ObserverDelivery } from "../outbox/types.js";

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

/**
 * Receives state entries. By default after the transaction that produced them commits (at most once); with
 * `delivery: "outbox"` through the transactional outbox (at least once, see `runtime.relayOutbox`).
 */
export interface WorkflowObserver {
  readonly name: string;
  /**
   * `"after-commit"` (at most once, in the process that made the transition) or `"outbox"` (written in the
   * transition's transaction, delivered at least once by a relay). Default: the runtime's `observerDelivery`.
   */
  readonly delivery?: ObserverDelivery;
  onEnter?(event: StateEnterEvent): void | Promise<void>;
}

/** Called when an observer throws; observer failures never fail the runtime call. */
export type ObserverErrorHandler = (
  error: unknown,
  observer: { name: string },
  event: StateEnterEvent,
) => void | Promise<void>;
