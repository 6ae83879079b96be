import type { StateCollection } from "./state-collection.js";
import { State } from "./state.js";
import { Transition } from "./transition.js";
import type { ConditionInterface } from "../interfaces/condition-interface.js";
import type { EventInterface } from "../interfaces/event-interface.js";
import type { Metadata } from "../interfaces/named.js";
import type { StateCollectionInterface } from "../interfaces/state-collection-interface.js";
import type { StateInterface, TransitionInterface } from "../interfaces/state-interface.js";

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

  /** Creates a new state for a merged name. Override to use another {@link StateInterface} class. */
  protected createState(name: string): StateInterface {
    return new State(name);
  }

  /**
   * Returns the target state called `name` (the prefix already applied), creating and adding it through
   * {@link createState} when missing; an existing state is reused.
   */
  protected findOrCreateState(name: string): StateInterface {
    if (!this.targetCollection.hasState(name)) {
      this.targetCollection.addState(this.createState(name));
    }
    return this.targetCollection.getState(name);
  }

  /** Copies every metadata entry of `source` onto `target`, key by key (existing keys are overwritten). */
  protected mergeMetadata(source: Metadata, target: StateInterface | EventInterface): void {
    for (const [key, value] of Object.entries(source.getMetadata())) {
      target.setMetadataValue(key, value);
    }
  }

  /** Returns the condition of a merged transition; by default the source transition's own instance. */
  protected createCondition(sourceTransition: TransitionInterface): ConditionInterface | null {
    return sourceTransition.getCondition();
  }

  /**
   * Builds the merged copy of `sourceTransition`: a new {@link Transition} to the (prefixed) target state, whose
   * metadata is merged too, with the same event name and weight and the condition from {@link createCondition}.
   */
  protected createTransition(sourceTransition: TransitionInterface): TransitionInterface {
    const sourceTarget = sourceTransition.getTargetState();
    const target = this.findOrCreateState(this.stateNamePrefix + sourceTarget.getName());
    this.mergeMetadata(sourceTarget, target);
    const transition = new Transition(
      target,
      sourceTransition.getEventName(),
      this.createCondition(sourceTransition),
    );
    transition.setWeight(sourceTransition.getWeight());
    return transition;
  }

  /** Copies the event's metadata and attaches the same observer instances to the target event. */
  protected mergeEvent(sourceEvent: EventInterface, targetEvent: EventInterface): void {
    this.mergeMetadata(sourceEvent, targetEvent);
    for (const observer of sourceEvent.getObservers()) {
      targetEvent.attach(observer);
    }
  }

  /**
   * Merges one source state: finds or creates its prefixed copy, merges its metadata, adds a
   * {@link createTransition} copy of each transition (the usual deduplication applies) and merges each event.
   */
  protected mergeState(sourceState: StateInterface): void {
    const targetState = this.findOrCreateState(this.stateNamePrefix + sourceState.getName());
    this.mergeMetadata(sourceState, targetState);
    for (const sourceTransition of sourceState.getTransitions()) {
      targetState.addTransition(this.createTransition(sourceTransition));
    }
    for (const eventName of sourceState.getEventNames()) {
      this.mergeEvent(sourceState.getEvent(eventName), targetState.getEvent(eventName));
    }
  }
}
