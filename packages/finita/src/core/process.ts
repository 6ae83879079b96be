import { DuplicateStateError } from "../error/duplicate-state-error.js";
import type { ProcessInterface } from "../interfaces/process-interface.js";
import type { StateInterface } from "../interfaces/state-interface.js";

/**
 * An immutable, named process: the states reachable from the initial state, registered depth-first in
 * transition insertion order when the process is constructed.
 */
export class Process implements ProcessInterface {
  /** The registered states by name. */
  protected readonly states = new Map<string, StateInterface>();

  constructor(
    private readonly name: string,
    private readonly initialState: StateInterface,
  ) {
    this.registerReachableStates(initialState);
  }

  /** Returns the process name. */
  getName(): string {
    return this.name;
  }

  /** Returns the initial state. */
  getInitialState(): StateInterface {
    return this.initialState;
  }

  /** Returns the registered states in DFS preorder. */
  getStates(): Iterable<StateInterface> {
    return this.states.values();
  }

  /** Returns the state with this name; throws `State "<name>" not found` when missing. */
  getState(name: string): StateInterface {
    const state = this.states.get(name);
    if (!state) {
      throw new Error(`State "${name}" not found`);
    }
    return state;
  }

  /** Reports whether a state with this name is registered. */
  hasState(name: string): boolean {
    return this.states.has(name);
  }

  // Iterative DFS (a stack of transition iterators) keeps the preorder of the recursive walk without
  // risking a stack overflow on long chains.
  private registerReachableStates(initialState: StateInterface): void {
    const stack: Iterator<{ getTargetState(): StateInterface }>[] = [];
    const visit = (state: StateInterface): void => {
      const existing = this.states.get(state.getName());
      if (existing) {
        if (existing !== state) {
          throw new DuplicateStateError(state.getName());
        }
        return;
      }
      this.states.set(state.getName(), state);
      stack.push(state.getTransitions()[Symbol.iterator]());
    };
    visit(initialState);
    while (stack.length > 0) {
      const next = stack[stack.length - 1].next();
      if (next.done) {
        stack.pop();
      } else {
        visit(next.value.getTargetState());
      }
    }
  }
}
