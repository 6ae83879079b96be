import type { StateCollection } from "../core/state-collection.js";
import { State } from "../core/state.js";
import { Transition } from "../core/transition.js";
import type { ConditionInterface } from "../interfaces/condition-interface.js";
import type { StateCollectionInterface } from "../interfaces/state-collection-interface.js";
import type { StateInterface } from "../interfaces/state-interface.js";

/**
 * Copies states from another collection (or a single state) into a target collection, optionally prefixing
 * names: states, transitions and events are recreated, conditions and observers are shared, metadata is copied.
 */
export class StateCollectionMerger {
  private stateNamePrefix = "";

  constructor(private readonly targetCollection: StateCollection) {}

  /** Returns the prefix put before every merged state name (default ""). */
  getStateNamePrefix(): string {
    return this.stateNamePrefix;
  }

  /** Sets the state name prefix. */
  setStateNamePrefix(prefix: string): void {
    this.stateNamePrefix = prefix;
  }

  /** Returns the collection merged into. */
  getTargetCollection(): StateCollection {
    return this.targetCollection;
  }

  /** Merges every state of a collection, or a single state, into the target collection. */
  merge(source: StateCollectionInterface | StateInterface): void {
    if (typeof (source as Partial<StateCollectionInterface>).getStates === "function") {
      for (const state of (source as StateCollectionInterface).getStates()) {
        this.mergeState(state);
      }
    } else {
      this.mergeState(source as StateInterface);
    }
  }

  /** Creates a new state for a merged name. */
  protected createState(name: string): StateInterface {
    return new State(name);
  }

  /** Returns the condition to use on a merged transition: the same instance. */
  protected createCondition(condition: ConditionInterface | null): ConditionInterface | null {
    return condition;
  }

  private findOrCreateState(sourceState: StateInterface): StateInterface {
    const name = this.stateNamePrefix + sourceState.getName();
    if (!this.targetCollection.hasState(name)) {
      this.targetCollection.addState(this.createState(name));
    }
    const target = this.targetCollection.getState(name);
    for (const [key, value] of Object.entries(sourceState.getMetadata())) {
      target.setMetadataValue(key, value);
    }
    return target;
  }

  private mergeState(sourceState: StateInterface): void {
    const targetState = this.findOrCreateState(sourceState);
    for (const sourceTransition of sourceState.getTransitions()) {
      const targetOfTransition = this.findOrCreateState(sourceTransition.getTargetState());
      const transition = new Transition(
        targetOfTransition,
        sourceTransition.getEventName(),
        this.createCondition(sourceTransition.getCondition()),
      );
      transition.setWeight(sourceTransition.getWeight());
      targetState.addTransition(transition);
    }
    for (const eventName of sourceState.getEventNames()) {
      const sourceEvent = sourceState.getEvent(eventName);
      const targetEvent = targetState.getEvent(eventName);
      for (const [key, value] of Object.entries(sourceEvent.getMetadata())) {
        targetEvent.setMetadataValue(key, value);
      }
      for (const observer of sourceEvent.getObservers()) {
        targetEvent.attach(observer);
      }
    }
  }
}
