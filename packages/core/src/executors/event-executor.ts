import { knownNextState, resolveNextState } from "../compiler/next-state.js";
import { InvalidEventError } from "../errors/instance.error.js";
import { WorkflowError } from "../errors/workflow-error.js";
import { lookupGuard } from "../registry/lookup.js";
import type { WorkflowGuardRegistry } from "../registry/types.js";
import type { CommandResult } from "../model/command-result.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import { hasContextSchema } from "../typed/workflow-schemas.js";
import { runCommandsCheckingContext } from "./check-context-after-commands.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { CommandFailureError } from "../errors/instance.error.js";
import { traceGuard } from "../telemetry/trace-guard.js";
import type { WorkflowTelemetry } from "../telemetry/workflow-telemetry.js";
import type { CommandExecutor } from "./command-executor.js";
import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import type { EventExecutionResult } from "./types.js";

/**
 * Executes one event: checks it exists on the current state, evaluates its guard, runs its commands and
 * decides the next state through the compiled finita process. Writes nothing.
 *
 * @example
 * ```ts
 * const result = await new EventExecutor(commandExecutor, guards).execute(compiled, "new", "Pay", uuid, subject, ctx);
 * ```
 */
export class EventExecutor {
  constructor(
    private readonly commandExecutor: CommandExecutor,
    private readonly guardRegistry?: WorkflowGuardRegistry,
    private readonly telemetry?: WorkflowTelemetry,
  ) {}

  /**
   * Runs `eventName` from `currentState`. Throws `InvalidEventError` for an unknown event,
   * `CommandFailureError` for a mandatory failure without `errorState`; a falsy guard yields
   * `"guard-rejected"` without running commands.
   */
  async execute(
    compiled: CompiledWorkflow,
    currentState: string,
    eventName: string,
    instanceUuid: string,
    subject: unknown,
    context: WorkflowExecutionContext,
  ): Promise<EventExecutionResult> {
    const states = compiled.definition.states;
    const events = Object.hasOwn(states, currentState) ? states[currentState].events : undefined;
    if (!events || !Object.hasOwn(events, eventName)) {
      throw new InvalidEventError(instanceUuid, currentState, eventName);
    }
    const event = events[eventName];
    const fromState = currentState;
    if (event.guard) {
      const guardRef = event.guard;
      if (!this.guardRegistry) {
        throw new WorkflowError(
          `Event "${eventName}" on state "${currentState}" declares guard "${guardRef.name}" but no guard registry is configured`,
        );
      }
      const guard = lookupGuard(this.guardRegistry, guardRef.name);
      const guardContext: WorkflowExecutionContext = {
        ...context,
        context: deepFreeze(deepClone(context.context)),
        commandMetadata: deepFreeze(deepClone(guardRef.metadata ?? {})),
      };
      const passed = this.telemetry?.active()
        ? await traceGuard(this.telemetry, guardRef.name, eventName, () =>
            guard.evaluate(subject, guardContext),
          )
        : await guard.evaluate(subject, guardContext);
      if (!passed) {
        return {
          outcome: "guard-rejected",
          fromState,
          toState: fromState,
          commandResults: [],
          rejectedBy: guardRef.name,
        };
      }
    }
    // A command-less event cannot fail: the executor would only return this (saves an async call).
    const executed =
      event.commands == null || event.commands.length === 0
        ? { outcome: "success" as const, commandResults: [] as CommandResult[] }
        : hasContextSchema(compiled.definition)
          ? await runCommandsCheckingContext(
              compiled.definition,
              context,
              () => this.commandExecutor.execute(event.commands!, subject, context),
              event.commands[event.commands.length - 1].name,
            )
          : await this.commandExecutor.execute(event.commands, subject, context);
    if (executed.outcome === "failure" && event.errorState == null) {
      const last = executed.commandResults[executed.commandResults.length - 1];
      throw new CommandFailureError(instanceUuid, eventName, executed.failedCommandName ?? "unknown", last);
    }
    const toState =
      event.targetState == null && event.errorState == null
        ? fromState
        : (knownNextState(compiled, currentState, eventName, executed.outcome) ??
          (await resolveNextState(compiled, currentState, eventName, executed.outcome, subject)));
    return { outcome: executed.outcome, fromState, toState, commandResults: executed.commandResults };
  }
}
