import type { CompiledWorkflow } from "../compiler/compiled-workflow.js";
import type { EventExecutionResult } from "../executors/types.js";
import type { TriggerWorkflowEventInput } from "../model/runtime-inputs.js";
import type { WorkflowExecutionContext } from "../model/workflow-execution-context.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";

/**
 * What `input.eventName` does to `instance`: finita's memoised answer when nothing has to run (no guard, no
 * commands), else the event executed with `context`. Not async, so that a caller awaits only when something
 * ran: an await per step is a measurable share of an in-memory transition.
 *
 * @internal
 */
export function runEvent(
  internals: RuntimeInternals,
  compiled: CompiledWorkflow,
  instance: WorkflowInstance,
  input: TriggerWorkflowEventInput,
  context: WorkflowExecutionContext,
): EventExecutionResult | Promise<EventExecutionResult> {
  return (
    internals.eventExecutor.executeImmediately(compiled, instance.currentState, input.eventName) ??
    internals.eventExecutor.execute(
      compiled,
      instance.currentState,
      input.eventName,
      instance.uuid,
      input.subject,
      context,
    )
  );
}
