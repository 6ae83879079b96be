import { WorkflowError } from "@duraflows/core";

/**
 * The optimistic-locking failure of an instance write whose version guard matched no row.
 *
 * @internal
 */
export function optimisticLockingError(uuid: string, expectedVersion: number): WorkflowError {
  return new WorkflowError(
    `Optimistic locking failure: workflow instance "${uuid}" was modified concurrently (expected version ${expectedVersion})`,
  );
}
