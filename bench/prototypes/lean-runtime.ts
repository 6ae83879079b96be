// Phase-2 prototype (issue #10), not part of any package: two per-transition costs of the runtime removed by
// patching ONE runtime instance (nothing global), to measure the proposal in bench/analysis.md:
//
//  1. Observer events are built only when an observer is registered. Building one deep-clones and deep-freezes
//     the instance's context and metadata at queue time; with no observer nobody can ever see it.
//  2. The in-memory transaction runner leaves its AsyncLocalStorage (`storage.exit`) to run after-commit
//     callbacks only when there are some; with none, the exit (which re-arms Node's promise hooks) is skipped.
//  3. finita's decision is memoised per compiled workflow and (state, event, outcome): the first time, a
//     Statemachine decides as today; afterwards the answer is reused (the conditions read only the outcome, so
//     the answer cannot differ). Events without commands also skip the command executor's async call.
import type { AsyncLocalStorage } from "node:async_hooks";
import {
  CommandFailureError,
  runAfterCommitCallbacks,
  type AfterCommitCallback,
  type CommandResult,
  type WorkflowExecutionContext,
  type WorkflowRuntime,
} from "@duraflows/core";
import { resolveNextState } from "../../packages/core/src/compiler/next-state.js";
import type { CompiledWorkflow } from "../../packages/core/src/compiler/compiled-workflow.js";
import type { EventExecutionResult } from "../../packages/core/src/executors/types.js";

type Execute = (
  compiled: CompiledWorkflow,
  currentState: string,
  eventName: string,
  instanceUuid: string,
  subject: unknown,
  context: WorkflowExecutionContext,
) => Promise<EventExecutionResult>;

interface PatchableInternals {
  observers: { size: number };
  transitions: { queueEntry: (...args: unknown[]) => void };
  transactionRunner: unknown;
  eventExecutor: { execute: Execute };
  commandExecutor: {
    execute(
      commands: unknown,
      subject: unknown,
      context: WorkflowExecutionContext,
    ): Promise<{
      outcome: "success" | "failure";
      commandResults: CommandResult[];
      failedCommandName?: string;
    }>;
  };
}

const decisions = new WeakMap<CompiledWorkflow, Map<string, string>>();

/** finita's next state, asked once per (state, event, outcome) of a compiled workflow. */
async function memoisedNextState(
  compiled: CompiledWorkflow,
  state: string,
  event: string,
  outcome: "success" | "failure",
  subject: unknown,
): Promise<string> {
  let table = decisions.get(compiled);
  if (!table) decisions.set(compiled, (table = new Map()));
  const key = `${outcome}\u0000${state}\u0000${event}`;
  const known = table.get(key);
  if (known !== undefined) return known;
  const decided = await resolveNextState(compiled, state, event, outcome, subject);
  table.set(key, decided);
  return decided;
}

function patchEventExecutor(internals: PatchableInternals): void {
  const original = internals.eventExecutor.execute.bind(internals.eventExecutor);
  internals.eventExecutor.execute = async (
    compiled,
    currentState,
    eventName,
    instanceUuid,
    subject,
    context,
  ) => {
    const states = compiled.definition.states;
    const events = Object.hasOwn(states, currentState) ? states[currentState].events : undefined;
    const event = events && Object.hasOwn(events, eventName) ? events[eventName] : undefined;
    // Guards and unknown events keep the original path (and its exact errors).
    if (!event || event.guard)
      return original(compiled, currentState, eventName, instanceUuid, subject, context);
    const executed =
      (event.commands?.length ?? 0) > 0
        ? await internals.commandExecutor.execute(event.commands, subject, context)
        : { outcome: "success" as const, commandResults: [] as CommandResult[] };
    if (executed.outcome === "failure" && event.errorState == null) {
      const last = executed.commandResults[executed.commandResults.length - 1];
      throw new CommandFailureError(instanceUuid, eventName, executed.failedCommandName ?? "unknown", last);
    }
    const toState =
      event.targetState == null && event.errorState == null
        ? currentState
        : await memoisedNextState(compiled, currentState, eventName, executed.outcome, subject);
    return {
      outcome: executed.outcome,
      fromState: currentState,
      toState,
      commandResults: executed.commandResults,
    };
  };
}

interface Scope {
  root: { id: number; endHooks: (() => void)[]; onEnd(hook: () => void): void };
  undo: (() => void)[];
  callbacks: AfterCommitCallback[];
}

/** The in-memory runner's private members the patched method uses (same code as the original, minus one exit). */
interface RunnerPrivates {
  storage: AsyncLocalStorage<Scope>;
  nextId: number;
  runNested<T>(parent: Scope, callback: () => Promise<T>): Promise<T>;
  runInTransaction<T>(callback: () => Promise<T>): Promise<T>;
}

/** Patches `runtime` (and its in-memory runner, when it has one) in place. */
export function applyLeanRuntime(runtime: WorkflowRuntime): void {
  const internals = (runtime as unknown as { internals: PatchableInternals }).internals;
  const transitions = internals.transitions;
  const queueEntry = transitions.queueEntry.bind(transitions);
  transitions.queueEntry = (...args: unknown[]): void => {
    if (internals.observers.size > 0) queueEntry(...args);
  };
  patchEventExecutor(internals);
  const runner = internals.transactionRunner as RunnerPrivates;
  if (typeof runner.runNested !== "function") return;
  runner.runInTransaction = async function <T>(this: RunnerPrivates, callback: () => Promise<T>): Promise<T> {
    const parent = this.storage.getStore();
    if (parent) return this.runNested(parent, callback);
    const endHooks: (() => void)[] = [];
    const scope: Scope = {
      root: { id: this.nextId++, endHooks, onEnd: (hook) => endHooks.push(hook) },
      undo: [],
      callbacks: [],
    };
    let result: T;
    try {
      result = await this.storage.run(scope, callback);
    } catch (error) {
      for (let i = scope.undo.length - 1; i >= 0; i--) scope.undo[i]();
      for (const hook of endHooks) hook();
      throw error;
    }
    for (const hook of endHooks) hook();
    if (scope.callbacks.length > 0) await this.storage.exit(() => runAfterCommitCallbacks(scope.callbacks));
    return result;
  } as RunnerPrivates["runInTransaction"];
}
