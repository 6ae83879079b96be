import type { WorkflowCommandRef } from "../definition/types.js";
import { WorkflowError } from "../errors/workflow-error.js";
import { CommandExecutor } from "../executors/command-executor.js";
import type { CommandExecutionResult } from "../executors/types.js";
import type { WorkflowCommandRegistry } from "../registry/types.js";
import type { CommandResult } from "../model/command-result.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import { deepClone } from "../util/deep-clone.js";
import { deepFreeze } from "../util/deep-freeze.js";
import type { WorkflowCommandCheckpoint } from "../model/durable-execution.js";

/** The first command occurrence of a plan that has no checkpoint yet. */
export interface PendingCommand {
  ref: WorkflowCommandRef;
  /** Zero-based occurrence ordinal (the journal position it will take), as a string. */
  commandId: string;
  /** Whether the command was best-effort when the execution was accepted. */
  bestEffort: boolean;
  /** The context the handler receives (its `context` is the plan's working context). */
  context: WorkflowExecutionContext;
}

/**
 * Thrown by {@link JournalCommandExecutor} to stop a replay at the first command without a checkpoint.
 *
 * @internal
 */
export class PendingCommandSignal {
  constructor(readonly pending: PendingCommand) {}
}

/**
 * A command executor for durable replays: every command occurrence consumes the next journal checkpoint
 * (restoring the working context it recorded and returning its result, stopping at a mandatory failure)
 * instead of running a handler; the first occurrence without a checkpoint throws {@link PendingCommandSignal}.
 *
 * @internal
 */
export class JournalCommandExecutor extends CommandExecutor {
  private cursor = 0;

  constructor(
    commandRegistry: WorkflowCommandRegistry,
    private readonly journal: readonly WorkflowCommandCheckpoint[],
    private readonly bestEffortCommands: ReadonlySet<string>,
  ) {
    super(commandRegistry);
  }

  /** How many checkpoints the replay consumed so far. */
  get consumed(): number {
    return this.cursor;
  }

  /** Replays `commands` from the journal; see the class description. */
  override async execute(
    commands: readonly WorkflowCommandRef[] | undefined,
    _subject: unknown,
    context: WorkflowExecutionContext,
  ): Promise<CommandExecutionResult> {
    const commandResults: CommandResult[] = [];
    for (const ref of commands ?? []) {
      const bestEffort = this.bestEffortCommands.has(ref.name);
      const checkpoint = this.journal[this.cursor];
      if (checkpoint === undefined) {
        throw new PendingCommandSignal({
          ref,
          commandId: String(this.cursor),
          bestEffort,
          context: { ...context, commandMetadata: deepFreeze(deepClone(ref.metadata ?? {})) },
        });
      }
      if (checkpoint.name !== ref.name || checkpoint.id !== String(this.cursor)) {
        throw new WorkflowError(
          `Durable journal entry ${this.cursor} ("${checkpoint.name}") does not match command "${ref.name}" of the captured definition`,
        );
      }
      this.cursor++;
      replaceContents(context.context, deepClone(checkpoint.context));
      const result = deepClone(checkpoint.result);
      commandResults.push(result);
      if (!bestEffort && !result.ok)
        return { outcome: "failure", commandResults, failedCommandName: ref.name };
    }
    return { outcome: "success", commandResults };
  }
}

// The working context object is shared by every command of the replay, so it is refilled, never replaced.
function replaceContents(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(target)) delete target[key];
  for (const [key, value] of Object.entries(source)) {
    // defineProperty, not assignment: a "__proto__" key must stay data.
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  }
}
