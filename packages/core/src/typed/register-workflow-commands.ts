import type { CommandResult } from "../model/command-result.js";
import type { WorkflowCommand } from "../model/workflow-command.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import type { AnyTypedWorkflow, CommandOf, ContextOf, MetadataOf } from "./typed-definition.js";

/** The execution context a typed workflow's command receives: its context and metadata are typed. */
export type TypedExecutionContext<W extends AnyTypedWorkflow> = Omit<
  WorkflowExecutionContext,
  "context" | "metadata"
> & {
  readonly context: ContextOf<W>;
  readonly metadata: Readonly<MetadataOf<W>>;
};

/** A command of a typed workflow: a `WorkflowCommand` whose context is typed. */
export interface TypedWorkflowCommand<W extends AnyTypedWorkflow, TSubject = unknown> {
  readonly name?: string;
  readonly bestEffort?: boolean;
  execute(subject: TSubject, ctx: TypedExecutionContext<W>): CommandResult | Promise<CommandResult>;
}

/** A command given as a function: `(subject, ctx) => result`. */
export type TypedCommandFunction<W extends AnyTypedWorkflow, TSubject = unknown> = (
  subject: TSubject,
  ctx: TypedExecutionContext<W>,
) => CommandResult | Promise<CommandResult>;

/** Exactly one handler per command the workflow references: a missing or unknown name is a compile error. */
export type TypedCommandHandlers<W extends AnyTypedWorkflow> = {
  [C in CommandOf<W>]: TypedWorkflowCommand<W> | TypedCommandFunction<W>;
};

/** Where {@link registerWorkflowCommands} registers: any registry with `register(name, command)`. */
export interface CommandRegistrationTarget {
  register(name: string, command: WorkflowCommand<never>): void;
  has?(name: string): boolean;
}

/**
 * Registers the handlers of a typed workflow's commands. The handlers object must name exactly the commands
 * the definition references, so forgetting one fails to compile; each handler receives the typed context.
 * A name already registered (for example shared with another workflow) is skipped when `skipRegistered` is set
 * and the registry can tell (`has`), and otherwise rejected by the registry as usual.
 *
 * @example
 * ```ts
 * registerWorkflowCommands(commands, orderWorkflow, {
 *   sendToWarehouse: async (_subject, ctx) => ({ ok: ctx.context.total > 0 }),
 * });
 * ```
 */
export function registerWorkflowCommands<W extends AnyTypedWorkflow>(
  registry: CommandRegistrationTarget,
  // Only its type is used: it decides which handler names are required.
  _workflow: W,
  handlers: NoInfer<TypedCommandHandlers<W>>,
  options: { skipRegistered?: boolean } = {},
): void {
  for (const name of Object.keys(handlers)) {
    if (options.skipRegistered && registry.has?.(name)) continue;
    const handler = (handlers as Record<string, TypedWorkflowCommand<W> | TypedCommandFunction<W>>)[name];
    const command: WorkflowCommand<unknown> =
      typeof handler === "function"
        ? { name, execute: (subject, ctx) => handler(subject, ctx as unknown as TypedExecutionContext<W>) }
        : (handler as unknown as WorkflowCommand<unknown>);
    registry.register(name, command as WorkflowCommand<never>);
  }
}
