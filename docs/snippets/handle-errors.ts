import {
  CommandFailureError,
  InvalidEventError,
  WorkflowError,
  WorkflowInstanceBusyError,
  WorkflowInstanceNotFoundError,
  type WorkflowExecutionResult,
  type WorkflowRuntime,
} from "@duraflows/core";

type Outcome = { status: number; body: unknown };

/** Maps runtime errors to HTTP-like answers; distinguish errors by class, never by message text. */
export async function trigger(runtime: WorkflowRuntime, uuid: string, eventName: string): Promise<Outcome> {
  try {
    const result: WorkflowExecutionResult = await runtime.triggerEvent({
      workflowInstanceUuid: uuid,
      eventName,
    });
    // A routed failure (errorState) is a committed transition, not an exception.
    return { status: result.outcome === "success" ? 200 : 422, body: result };
  } catch (error) {
    if (error instanceof WorkflowInstanceNotFoundError)
      return { status: 404, body: { message: error.message } };
    if (error instanceof InvalidEventError) {
      return {
        status: 409,
        body: { message: `${error.eventName} is not possible in ${error.currentState}` },
      };
    }
    if (error instanceof WorkflowInstanceBusyError)
      return { status: 409, body: { message: "busy, retry later" } };
    if (error instanceof CommandFailureError) {
      // A mandatory command said ok: false and the event has no errorState: everything was rolled back.
      return { status: 422, body: { command: error.commandName, result: error.result } };
    }
    if (error instanceof WorkflowError) return { status: 500, body: { message: "Internal server error" } };
    throw error; // driver errors and bugs
  }
}
