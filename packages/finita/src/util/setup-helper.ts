import type { StateCollection } from "../core/state-collection.js";
import { State } from "../core/state.js";
import { Transition } from "../core/transition.js";
import type { ConditionInterface } from "../interfaces/condition-interface.js";
import type { EventInterface } from "../interfaces/event-interface.js";
import type { Observer } from "../interfaces/observer.js";
import type { StateInterface, TransitionInterface } from "../interfaces/state-interface.js";

/** Builds state graphs in a {@link StateCollection} with find-or-create helpers. */
export class SetupHelper {
  constructor(protected readonly stateCollection: StateCollection) {}

  /** Returns the stored state with this name, adding `new State(name)` when missing. */
  findOrCreateState(name: string): StateInterface {
    if (!this.stateCollection.hasState(name)) {
      this.stateCollection.addState(new State(name));
    }
    return this.stateCollection.getState(name);
  }

  /** Returns the matching transition (same target instance, event name and condition name) or creates it. */
  findOrCreateTransition(
    sourceStateName: string,
    targetStateName: string,
    eventName: string | null = null,
    condition: ConditionInterface | null = null,
  ): TransitionInterface {
    const source = this.findOrCreateState(sourceStateName);
    const target = this.findOrCreateState(targetStateName);
    const existing = this.findTransition(source, target, eventName, condition);
    if (existing) {
      return existing;
    }
    const transition = new Transition(target, eventName, condition);
    source.addTransition(transition);
    return transition;
  }

  /** Returns the event on the source state, creating state and event as needed. */
  findOrCreateEvent(sourceStateName: string, eventName: string): EventInterface {
    return this.findOrCreateState(sourceStateName).getEvent(eventName);
  }

  /** Attaches an observer ("command") to an event of the source state. */
  addCommand(sourceStateName: string, eventName: string, command: Observer): void {
    this.findOrCreateEvent(sourceStateName, eventName).attach(command);
  }

  /** Attaches a command and adds the self-transition `source --event--> source`. */
  addCommandAndSelfTransition(sourceStateName: string, eventName: string, command: Observer): void {
    this.addCommand(sourceStateName, eventName, command);
    this.findOrCreateTransition(sourceStateName, sourceStateName, eventName);
  }

  /**
   * Finds a transition on `source` with the same target instance, event name and condition name; `eventName`
   * and `condition` default to `null` (an automatic, unconditional transition).
   */
  protected findTransition(
    source: StateInterface,
    target: StateInterface,
    eventName: string | null = null,
    condition: ConditionInterface | null = null,
  ): TransitionInterface | null {
    const conditionName = condition ? condition.getName() : null;
    for (const transition of source.getTransitions()) {
      if (
        transition.getTargetState() === target &&
        transition.getEventName() === eventName &&
        transition.getConditionName() === conditionName
      ) {
        return transition;
      }
    }
    return null;
  }
}
