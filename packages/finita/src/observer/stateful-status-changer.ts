import type { ObservableSubject, Observer } from "../interfaces/observer.js";
import type { StatefulInterface } from "../interfaces/stateful-interface.js";
import type { StatemachineInterface } from "../interfaces/statemachine-interface.js";

/** Writes the machine's current state name into a {@link StatefulInterface} subject. */
export class StatefulStatusChanger implements Observer {
  /** Calls `subject.setCurrentStateName(currentState.getName())` when the argument is a machine with a stateful subject. */
  update(subject: ObservableSubject): void {
    const machine = subject as Partial<StatemachineInterface>;
    if (typeof machine.getCurrentState !== "function" || typeof machine.getSubject !== "function") {
      return;
    }
    const stateful = machine.getSubject() as Partial<StatefulInterface> | null | undefined;
    if (stateful !== null && stateful !== undefined && typeof stateful.setCurrentStateName === "function") {
      stateful.setCurrentStateName(machine.getCurrentState().getName());
    }
  }
}
