import type { ObservableSubject, Observer } from "../interfaces/observer.js";
import type { StatemachineInterface } from "../interfaces/statemachine-interface.js";

/**
 * A state-machine observer that triggers an "entry" event (default `onEnter`) whenever the new current state
 * has it, with autorelease switched off for the nested call.
 */
export class OnEnterObserver implements Observer {
  /** The default entry event name. */
  static readonly DEFAULT_EVENT_NAME = "onEnter";

  constructor(private readonly eventName: string = OnEnterObserver.DEFAULT_EVENT_NAME) {}

  /** Triggers the entry event on the machine's current state when it has one; otherwise does nothing. */
  async update(subject: ObservableSubject): Promise<void> {
    const candidate = subject as Partial<StatemachineInterface>;
    if (typeof candidate.getCurrentState !== "function" || typeof candidate.triggerEvent !== "function") {
      return;
    }
    const machine = subject as StatemachineInterface;
    if (!machine.getCurrentState().hasEvent(this.eventName)) {
      return;
    }
    // The outer operation owns the lock; the nested trigger must not release it.
    const autorelease = machine.isAutoreleaseLock();
    machine.setAutoreleaseLock(false);
    try {
      await machine.triggerEvent(this.eventName, machine.getCurrentContext() ?? undefined);
    } finally {
      machine.setAutoreleaseLock(autorelease);
    }
  }
}
