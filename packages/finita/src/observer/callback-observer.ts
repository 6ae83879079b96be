import type { MaybePromise } from "../interfaces/maybe-promise.js";
import type { ObservableSubject, Observer } from "../interfaces/observer.js";

/** An observer that calls a callback: with the event's invoke args for events, else with the subject. */
export class CallbackObserver implements Observer {
  constructor(private readonly callback: (...args: unknown[]) => MaybePromise<void>) {}

  /** Calls `callback(...invokeArgs)` for an event (i.e. `(subject, context)`), otherwise `callback(subject)`. */
  update(subject: ObservableSubject): MaybePromise<void> {
    const event = subject as Partial<{ getInvokeArgs(): unknown[] }>;
    if (typeof event.getInvokeArgs === "function") {
      return this.callback(...event.getInvokeArgs());
    }
    return this.callback(subject);
  }
}
