import type { MaybePromise } from "./maybe-promise.js";
import type { EventInterface } from "./event-interface.js";

/** Something that can be invoked. */
export interface CallbackInterface {
  /** Runs the callback. */
  invoke(): MaybePromise<void>;
}

/** Queues event invocations and runs them (and then ready callbacks) once. */
export interface DispatcherInterface extends CallbackInterface {
  /** Queues an event with its arguments and an optional ready callback. */
  dispatch(event: EventInterface, args?: unknown[], onReadyCallback?: CallbackInterface): void;
  /** Reports whether `invoke` has completed. */
  isReady(): boolean;
  /** Invokes the queued events in order, then the ready callbacks. */
  invoke(): Promise<void>;
}
