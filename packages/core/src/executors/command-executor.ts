import type { WorkflowCommandRef } from "../definition/types.js";
import { WorkflowError } from "../errors/workflow-error.js";
import { lookupCommand } from "../registry/lookup.js";
import type { WorkflowCommandRegistry } from "../registry/types.js";
import type { CommandResult } from "../model/command-result.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { commandContext } from "./command-context.js";
import { traceCommand } from "../telemetry/trace-command.js";
import type { WorkflowTelemetry } from "../telemetry/workflow-telemetry.js";
import type { CommandExecutionResult } from "./types.js";

/**
 * Runs a command list sequentially: a mandatory `ok: false` stops the list with outcome `"failure"`, a
 * mandatory throw propagates; a best-effort command's failure or throw is recorded and the list goes on.
 *
 * @example
 * ```ts
 * const { outcome, commandResults } = await new CommandExecutor(commands).execute(refs, subject, ctx);
 * ```
 */
export class CommandExecutor {
  constructor(
    private readonly commandRegistry: WorkflowCommandRegistry,
    private readonly telemetry?: WorkflowTelemetry,
  ) {}

  /** Executes `commands` in order with `context` (plus each ref's frozen metadata as `commandMetadata`). */
  async execute(
    commands: readonly WorkflowCommandRef[] | undefined,
    subject: unknown,
    context: WorkflowExecutionContext,
  ): Promise<CommandExecutionResult> {
    const commandResults: CommandResult[] = [];
    for (const ref of commands ?? []) {
      const handler = lookupCommand(this.commandRegistry, ref.name);
      const ctx = commandContext(context, { commandMetadata: deepFreeze(deepClone(ref.metadata ?? {})) });
      if (this.telemetry?.active()) {
        const bestEffort = handler.bestEffort === true;
        const result = await traceCommand(this.telemetry, ref.name, bestEffort, () =>
          bestEffort
            ? runBestEffort(() => handler.execute(subject, ctx))
            : runMandatory(handler, subject, ctx),
        );
        commandResults.push(result);
        if (!bestEffort && !result.ok)
          return { outcome: "failure", commandResults, failedCommandName: ref.name };
        continue;
      }
      if (handler.bestEffort) {
        commandResults.push(await runBestEffort(() => handler.execute(subject, ctx)));
        continue;
      }
      const result = checkResult(await handler.execute(subject, ctx));
      commandResults.push(result);
      if (!result.ok) return { outcome: "failure", commandResults, failedCommandName: ref.name };
    }
    return { outcome: "success", commandResults };
  }
}

async function runMandatory(
  handler: { execute(subject: unknown, ctx: WorkflowExecutionContext): unknown },
  subject: unknown,
  ctx: WorkflowExecutionContext,
): Promise<CommandResult> {
  return checkResult(await handler.execute(subject, ctx));
}

function checkResult(result: unknown): CommandResult {
  if (result === null || typeof result !== "object" || typeof (result as CommandResult).ok !== "boolean") {
    throw new WorkflowError("Command must return a CommandResult");
  }
  return result as CommandResult;
}

async function runBestEffort(run: () => CommandResult | Promise<CommandResult>): Promise<CommandResult> {
  try {
    return checkResult(await run());
  } catch (thrown) {
    const isError = thrown instanceof Error;
    const message = isError ? thrown.message : String(thrown);
    const error: NonNullable<CommandResult["error"]> = {
      name: isError ? thrown.name : "UnknownError",
      message,
    };
    if (isError && thrown.stack !== undefined) error.stack = thrown.stack;
    return { ok: false, code: "BEST_EFFORT_THROWN", message, error };
  }
}
