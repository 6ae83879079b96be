import type { ObserverDelivery } from "../model/outbox.js";
import type { StateEnterEvent } from "../model/state-enter-event.js";

export type { StateEnterEvent } from "../model/state-enter-event.js";

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
