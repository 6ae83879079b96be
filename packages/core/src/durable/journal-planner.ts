import type { WorkflowCompiler } from "../compiler/workflow-compiler.js";
import type { WorkflowDefinition, WorkflowEventDefinition } from "../definition/types.js";
import { EventExecutor } from "../executors/event-executor.js";
import { OnEnterExecutor } from "../executors/on-enter-executor.js";
import type { OnEnterHopResult } from "../executors/types.js";
import type { WorkflowCommandRegistry } from "../registry/types.js";
import type { CommandResult } from "../model/command-result.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import { deepClone } from "../util/deep-clone.js";
import { mergePatch } from "../util/merge-patch.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { WorkflowError } from "../errors/workflow-error.js";
import { deterministicTransitionUuid } from "./deterministic-transition-uuid.js";
import {
  JournalCommandExecutor,
  type PendingCommand,
  PendingCommandSignal,
} from "./journal-command-executor.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";

/** One state entry the finished execution applies: hop 0 is the event, 1.. the onEnter hops. */
export interface PlannedHop {
  kind: "event" | "onEnter";
  fromState: string;
  toState: string;
  transitionUuid: string;
  outcome: "success" | "failure";
  commandResults: CommandResult[];
  /** Working context right after the entry (patch applied). */
  context: Record<string, unknown>;
}

/** Where a durable execution stands according to its journal. */
export type DurablePlan =
  | { kind: "pending"; pending: PendingCommand; subject: unknown }
  | { kind: "complete"; hops: PlannedHop[]; outcome: "success" | "failure"; finalState: string };

/** What {@link planDurableExecution} needs besides the record. */
export interface JournalPlannerDeps {
  commandRegistry: WorkflowCommandRegistry;
  compiler: WorkflowCompiler;
}

/**
 * Replays a durable execution against its captured definition (guard removed: it was evaluated once at
 * acceptance) with the journal standing in for command handlers: the event, then the onEnter chain, with the
 * context patches of the states entered. Returns the first command without a checkpoint, or every hop once all commands
 * have one. Throws what the synchronous path would (`CommandFailureError` for an unrouted mandatory failure,
 * `OnEnterDepthExceededError`, …).
 *
 * @internal
 */
export async function planDurableExecution(
  execution: DurableWorkflowExecution,
  deps: JournalPlannerDeps,
): Promise<DurablePlan> {
  const definition = withoutGuard(execution.definition, execution.fromState, execution.eventName);
  const compiled = deps.compiler.compile(definition);
  const journal = new JournalCommandExecutor(
    deps.commandRegistry,
    execution.journal,
    new Set(execution.bestEffortCommands),
  );
  let newHops = 0;
  const onEnter = new OnEnterExecutor(journal, () => deterministicTransitionUuid(execution.uuid, ++newHops));
  const subject = durableSubject(execution);
  const context = durableContext(execution);
  const working = context.context;
  const hops: PlannedHop[] = [];
  try {
    const event = await new EventExecutor(journal).execute(
      compiled,
      execution.fromState,
      execution.eventName,
      execution.workflowInstanceUuid,
      subject,
      context,
    );
    if (event.outcome === "guard-rejected") throw new WorkflowError("Durable replay cannot reject a guard");
    applyPatch(definition, event.toState, working);
    hops.push({
      kind: "event",
      fromState: event.fromState,
      toState: event.toState,
      transitionUuid: context.transitionUuid,
      outcome: event.outcome,
      commandResults: event.commandResults,
      context: deepClone(working),
    });
    const onHop = (hop: OnEnterHopResult): void => {
      if (hop.toState !== hop.fromState) applyPatch(definition, hop.toState, working);
      hops.push({ kind: "onEnter", ...hop, context: deepClone(working) });
    };
    const chain = await onEnter.executeChain(
      definition,
      event.toState,
      execution.workflowInstanceUuid,
      subject,
      context,
      execution.maxOnEnterDepth,
      onHop,
    );
    if (journal.consumed !== execution.journal.length) {
      throw new WorkflowError("Durable journal has more entries than the captured definition runs");
    }
    const failed = event.outcome === "failure" || chain.outcome === "failure";
    return { kind: "complete", hops, outcome: failed ? "failure" : "success", finalState: chain.finalState };
  } catch (thrown) {
    if (thrown instanceof PendingCommandSignal) return { kind: "pending", pending: thrown.pending, subject };
    throw thrown;
  }
}

/**
 * The subject handed to queued commands and the guard: a frozen JSON copy, `undefined` when omitted.
 *
 * @internal
 */
export function durableSubject(execution: Pick<DurableWorkflowExecution, "subject">): unknown {
  return execution.subject === undefined ? undefined : deepFreeze(deepClone(execution.subject));
}

function durableContext(execution: DurableWorkflowExecution): WorkflowExecutionContext {
  const event = ownEvent(execution.definition, execution.fromState, execution.eventName);
  return {
    triggerMetadata: deepFreeze(deepClone(execution.triggerMetadata)),
    now: new Date(execution.createdAt),
    context: deepClone(execution.initialContext),
    metadata: deepFreeze(deepClone(execution.metadata)),
    commandMetadata: Object.freeze({}),
    fromState: execution.fromState,
    toState: event?.targetState ?? execution.fromState,
    transitionUuid: deterministicTransitionUuid(execution.uuid, 0),
  };
}

function applyPatch(definition: WorkflowDefinition, state: string, working: Record<string, unknown>): void {
  const patch = Object.hasOwn(definition.states, state) ? definition.states[state].context : undefined;
  mergePatch(working, deepClone(patch ?? {}));
}

function withoutGuard(
  definition: WorkflowDefinition,
  fromState: string,
  eventName: string,
): WorkflowDefinition {
  const copy = deepClone(definition);
  const event = ownEvent(copy, fromState, eventName);
  if (event) delete event.guard;
  return copy;
}

/**
 * The event `eventName` of state `state` when both are own properties of the definition, else `undefined`.
 *
 * @internal
 */
export function ownEvent(
  definition: WorkflowDefinition,
  state: string,
  eventName: string,
): WorkflowEventDefinition | undefined {
  const events = Object.hasOwn(definition.states, state) ? definition.states[state].events : undefined;
  return events && Object.hasOwn(events, eventName) ? events[eventName] : undefined;
}
