import { randomUuid } from "../util/random-uuid.js";
import type { WorkflowDefinition } from "../definition/types.js";
import { CommandFailureError, OnEnterDepthExceededError } from "../errors/instance.error.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import { runCommandsCheckingContext } from "./check-context-after-commands.js";
import { hasContextSchema } from "../typed/workflow-schemas.js";
import { HopTrace } from "../telemetry/hop-trace.js";
import type { WorkflowTelemetry } from "../telemetry/workflow-telemetry.js";
import type { CommandExecutor } from "./command-executor.js";
import type { OnEnterChainResult, OnEnterHopHandler, OnEnterHopResult } from "./types.js";

/**
 * Runs the onEnter chain that starts when an instance enters a state: each state's onEnter commands, then a
 * hop to its target (success) or error state (failure), until a state without onEnter or a "stay" hop.
 *
 * @example
 * ```ts
 * const chain = await new OnEnterExecutor(commandExecutor).executeChain(def, "paid", uuid, subject, ctx, 10, onHop);
 * ```
 */
export class OnEnterExecutor {
  constructor(
    private readonly commandExecutor: CommandExecutor,
    private readonly newUuid: () => string = randomUuid,
    private readonly telemetry?: WorkflowTelemetry,
  ) {}

  /**
   * Runs the chain from `startState`; `onHop` is awaited after each hop is decided and before the next
   * state's commands run. Throws `OnEnterDepthExceededError` past `maxDepth` states with an onEnter, and
   * `CommandFailureError` for a mandatory failure without `errorState`.
   */
  async executeChain(
    definition: WorkflowDefinition,
    startState: string,
    instanceUuid: string,
    subject: unknown,
    context: WorkflowExecutionContext,
    maxDepth: number,
    onHop?: OnEnterHopHandler,
  ): Promise<OnEnterChainResult> {
    const hops: OnEnterHopResult[] = [];
    let current = startState;
    let predecessor = context.fromState;
    let entryUuid = context.transitionUuid;
    let depth = 0;
    let outcome: "success" | "failure" = "success";
    for (;;) {
      const onEnter = Object.hasOwn(definition.states, current)
        ? definition.states[current].onEnter
        : undefined;
      if (!onEnter) break;
      depth++;
      if (depth > maxDepth) throw new OnEnterDepthExceededError(instanceUuid, current, maxDepth);
      const hopContext: WorkflowExecutionContext = {
        ...context,
        fromState: predecessor,
        toState: current,
        transitionUuid: entryUuid,
      };
      const commands = onEnter.commands;
      const run = () =>
        commands && commands.length > 0 && hasContextSchema(definition)
          ? runCommandsCheckingContext(
              definition,
              hopContext,
              () => this.commandExecutor.execute(commands, subject, hopContext),
              commands[commands.length - 1].name,
            )
          : this.commandExecutor.execute(commands, subject, hopContext);
      const trace = this.telemetry?.active()
        ? new HopTrace(this.telemetry, definition, instanceUuid, current)
        : undefined;
      const executed = trace ? await trace.run(run) : await run();
      let hop: OnEnterHopResult;
      if (executed.outcome === "failure") {
        if (onEnter.errorState == null) {
          const last = executed.commandResults[executed.commandResults.length - 1];
          trace?.end(current, "error");
          throw new CommandFailureError(
            instanceUuid,
            "onEnter",
            executed.failedCommandName ?? "unknown",
            last,
          );
        }
        outcome = "failure";
        hop = this.hop(current, onEnter.errorState, this.newUuid(), "failure", executed.commandResults);
      } else if (onEnter.targetState != null) {
        hop = this.hop(current, onEnter.targetState, this.newUuid(), "success", executed.commandResults);
      } else {
        trace?.end(current, "success");
        if (executed.commandResults.length > 0) {
          hop = this.hop(current, current, entryUuid, "success", executed.commandResults);
          hops.push(hop);
          await onHop?.(hop);
        }
        break;
      }
      trace?.end(hop.toState, hop.outcome);
      hops.push(hop);
      await onHop?.(hop);
      predecessor = current;
      current = hop.toState;
      entryUuid = hop.transitionUuid;
    }
    return { finalState: current, outcome, hops };
  }

  private hop(
    fromState: string,
    toState: string,
    transitionUuid: string,
    outcome: "success" | "failure",
    commandResults: OnEnterHopResult["commandResults"],
  ): OnEnterHopResult {
    return { fromState, toState, transitionUuid, outcome, commandResults };
  }
}
