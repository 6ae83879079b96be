import type { LoggerInterface } from "../interfaces/logger-interface.js";
import type { ObservableSubject, Observer } from "../interfaces/observer.js";
import type { StatemachineInterface } from "../interfaces/statemachine-interface.js";

const nameOf = (value: unknown): string => {
  const named = value as { getName?: unknown } | null | undefined;
  if (named !== null && named !== undefined && typeof named.getName === "function") {
    return String((named as { getName(): unknown }).getName());
  }
  return String(value);
};

/** Logs each state change as `Transition for "<subject>" from "<last>" to "<current>" with event "<e>" …`. */
export class TransitionLogger implements Observer {
  constructor(
    private readonly logger: LoggerInterface,
    private readonly loggerLevel = "info",
  ) {}

  /** Logs the transition of a machine with context `{subject, currentState, lastState, transition}`. */
  update(subject: ObservableSubject): void {
    const candidate = subject as Partial<StatemachineInterface>;
    if (typeof candidate.getCurrentState !== "function" || typeof candidate.getSubject !== "function") {
      return;
    }
    const machine = subject as StatemachineInterface;
    const machineSubject = machine.getSubject();
    const currentState = machine.getCurrentState();
    const lastState = typeof machine.getLastState === "function" ? machine.getLastState() : null;
    const transition =
      typeof machine.getSelectedTransition === "function" ? machine.getSelectedTransition() : null;

    let message = "Transition";
    if (machineSubject !== null && machineSubject !== undefined) {
      message += ` for "${nameOf(machineSubject)}"`;
    }
    if (lastState) {
      message += ` from "${nameOf(lastState)}"`;
    }
    message += ` to "${nameOf(currentState)}"`;
    const eventName = transition?.getEventName();
    const conditionName = transition?.getConditionName();
    if (eventName || conditionName) {
      message += " with";
      if (eventName) {
        message += ` event "${eventName}"`;
      }
      if (conditionName) {
        message += ` condition "${conditionName}"`;
      }
    }
    this.logger.log(this.loggerLevel, message, {
      subject: machineSubject,
      currentState,
      lastState,
      transition,
    });
  }
}
