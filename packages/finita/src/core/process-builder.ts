import { DuplicateStateError } from "../error/duplicate-state-error.js";
import { DuplicateTransitionError } from "../error/duplicate-transition-error.js";
import { GraphValidationError } from "../error/graph-validation-error.js";
import { InvalidTransitionError } from "../error/invalid-transition-error.js";
import { ProcessFinalizedError } from "../error/process-finalized-error.js";
import type { ConditionInterface } from "../interfaces/condition-interface.js";
import type { StateInterface } from "../interfaces/state-interface.js";
import { Process } from "./process.js";
import { State } from "./state.js";
import { Transition } from "./transition.js";

/** Options of {@link ProcessBuilder.addState}. */
export interface ProcessBuilderStateOptions {
  /** Marks the initial state; exactly one state must be initial. */
  initial?: boolean;
  /** Metadata copied onto the state. */
  metadata?: Record<string, unknown>;
}

/** Options of {@link ProcessBuilder.addTransition}. */
export interface ProcessBuilderTransitionOptions<TSubject = unknown> {
  /** The event name; omit for an automatic transition. */
  event?: string;
  /** The guard; its name is its identity. */
  condition?: ConditionInterface<TSubject>;
  /** The weight (default 1). */
  weight?: number;
}

/** Options of {@link ProcessBuilder.build}. */
export interface ProcessBuilderBuildOptions {
  /** Reject states that are not reachable from the initial state (code `orphanState`). Default `false`. */
  strictOrphans?: boolean;
}

interface TransitionDeclaration<TSubject> {
  from: string;
  to: string;
  event: string | null;
  condition: ConditionInterface<TSubject> | null;
  weight: number;
}

/** A process whose states are the declared ones rather than the reachable ones. */
class DeclaredProcess extends Process {
  constructor(name: string, initialState: StateInterface, declaredStates: Iterable<StateInterface>) {
    super(name, initialState);
    this.states.clear();
    for (const state of declaredStates) {
      this.states.set(state.getName(), state);
    }
  }
}

/**
 * Declares states and transitions by name, validates the graph and builds a {@link Process} once.
 *
 * @example
 * ```ts
 * const process = new ProcessBuilder("article")
 *   .addState("draft", { initial: true })
 *   .addState("published")
 *   .addTransition("draft", "published", { event: "publish" })
 *   .build();
 * ```
 */
export class ProcessBuilder<TSubject = unknown> {
  private readonly states = new Map<string, ProcessBuilderStateOptions>();
  private readonly transitions: TransitionDeclaration<TSubject>[] = [];
  private built = false;

  constructor(private readonly processName: string) {}

  /** Declares a state; a repeated name throws {@link DuplicateStateError}. */
  addState(name: string, options: ProcessBuilderStateOptions = {}): this {
    this.assertNotBuilt();
    if (this.states.has(name)) {
      throw new DuplicateStateError(name);
    }
    this.states.set(name, options);
    return this;
  }

  /** Declares a transition; invalid event/condition names or weights throw {@link InvalidTransitionError}. */
  addTransition(from: string, to: string, options: ProcessBuilderTransitionOptions<TSubject> = {}): this {
    this.assertNotBuilt();
    const { event, condition, weight = 1 } = options;
    const where = `transition "${from}" -> "${to}" in process "${this.processName}"`;
    if (event !== undefined && (event === "" || event.trim() !== event)) {
      throw new InvalidTransitionError(
        `Invalid event name ${JSON.stringify(event)} on ${where}: it must be non-empty without surrounding whitespace; omit it for an automatic transition`,
      );
    }
    if (condition && condition.getName().trim() === "") {
      throw new InvalidTransitionError(
        `The condition on ${where} has an empty name; give every condition a name`,
      );
    }
    if (!Number.isFinite(weight)) {
      throw new InvalidTransitionError(
        `Invalid weight ${String(weight)} on ${where}: it must be a finite number`,
      );
    }
    this.transitions.push({ from, to, event: event ?? null, condition: condition ?? null, weight });
    return this;
  }

  /** Validates the declarations and returns the process; a builder can build only once. */
  build(options: ProcessBuilderBuildOptions = {}): Process {
    this.assertNotBuilt();
    const initialName = this.validateInitialState();
    const unique = this.validateTransitions();
    if (options.strictOrphans) {
      this.validateReachability(initialName, unique);
    }
    const states = new Map<string, State>();
    for (const [name, stateOptions] of this.states) {
      const state = new State(name);
      for (const [key, value] of Object.entries(stateOptions.metadata ?? {})) {
        state.setMetadataValue(key, value);
      }
      states.set(name, state);
    }
    for (const declaration of unique) {
      const transition = new Transition<TSubject>(
        states.get(declaration.to)!,
        declaration.event,
        declaration.condition,
      );
      transition.setWeight(declaration.weight);
      states.get(declaration.from)!.addTransition(transition);
    }
    this.built = true;
    return new DeclaredProcess(this.processName, states.get(initialName)!, states.values());
  }

  private assertNotBuilt(): void {
    if (this.built) {
      throw new ProcessFinalizedError(this.processName);
    }
  }

  private validateInitialState(): string {
    const initials = [...this.states].filter(([, options]) => options.initial).map(([name]) => name);
    if (initials.length === 0) {
      throw new GraphValidationError(
        "missingInitialState",
        `Process "${this.processName}" has no initial state; mark exactly one state with { initial: true }`,
      );
    }
    if (initials.length > 1) {
      throw new GraphValidationError(
        "multipleInitialStates",
        `Process "${this.processName}" has ${initials.length} initial states (${initials.map((n) => `"${n}"`).join(", ")}); mark exactly one state with { initial: true }`,
        initials,
      );
    }
    return initials[0];
  }

  private validateTransitions(): TransitionDeclaration<TSubject>[] {
    const unique: TransitionDeclaration<TSubject>[] = [];
    for (const declaration of this.transitions) {
      for (const [end, code] of [
        ["from", "unknownSource"],
        ["to", "unknownTarget"],
      ] as const) {
        if (!this.states.has(declaration[end])) {
          throw new GraphValidationError(
            code,
            `Transition "${declaration.from}" -> "${declaration.to}" in process "${this.processName}" uses undeclared ${end === "from" ? "source" : "target"} state "${declaration[end]}"; declare it with addState() first`,
            [declaration[end]],
          );
        }
      }
      const twin = unique.find(
        (u) => u.from === declaration.from && u.to === declaration.to && u.event === declaration.event,
      );
      if (!twin) {
        unique.push(declaration);
        continue;
      }
      const twinName = twin.condition ? twin.condition.getName() : null;
      const ownName = declaration.condition ? declaration.condition.getName() : null;
      if (twin.condition !== declaration.condition && twinName !== ownName) {
        throw new DuplicateTransitionError(declaration.from, declaration.event, declaration.to, [
          twinName,
          ownName,
        ]);
      }
    }
    return unique;
  }

  private validateReachability(initialName: string, transitions: TransitionDeclaration<TSubject>[]): void {
    const reached = new Set([initialName]);
    const queue = [initialName];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const t of transitions) {
        if (t.from === current && !reached.has(t.to)) {
          reached.add(t.to);
          queue.push(t.to);
        }
      }
    }
    const orphans = [...this.states.keys()].filter((name) => !reached.has(name));
    if (orphans.length > 0) {
      throw new GraphValidationError(
        "orphanState",
        `Process "${this.processName}" has states not reachable from the initial state "${initialName}": ${orphans.map((n) => `"${n}"`).join(", ")}`,
        orphans,
      );
    }
  }
}
