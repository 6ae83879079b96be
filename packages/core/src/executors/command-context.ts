import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";

const REASSIGN_MESSAGE = "ctx.context cannot be reassigned; change it in place (ctx.context.key = value)";

/**
 * The context handed to one command handler: `base` with `extra` on top, where `context` is the shared working
 * context behind a getter. Assigning `ctx.context` throws a `TypeError` instead of being silently dropped (only
 * in-place changes of the shared object reach the store); reading, in-place writes and spreading work as before.
 *
 * @internal
 */
export function commandContext(
  base: WorkflowExecutionContext,
  extra: Partial<Omit<WorkflowExecutionContext, "context">>,
): WorkflowExecutionContext {
  const working = base.context;
  const ctx = { ...base, ...extra };
  Object.defineProperty(ctx, "context", {
    get: () => working,
    set: () => {
      throw new TypeError(REASSIGN_MESSAGE);
    },
    enumerable: true,
    configurable: false,
  });
  return ctx;
}
