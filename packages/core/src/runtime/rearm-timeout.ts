import { WorkflowInstanceBusyError } from "../errors/durable.error.js";
import { WorkflowInstanceNotFoundError } from "../errors/instance.error.js";
import type { OperatorActionOptions } from "../model/operator-action-options.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type { RuntimeInternals } from "../transition/runtime-internals.js";
import { isUuidText } from "../util/is-uuid-text.js";
import { auditMetadata, operatorAuditRecord } from "../transition/operator-audit.js";

/**
 * `WorkflowRuntime.rearmTimeout`: clears the timeout retry state under the instance lock. With trigger metadata
 * the instance write and its audit row go through the same paired write as a transition.
 *
 * @internal
 */
export async function rearmTimeout(
  internals: RuntimeInternals,
  uuid: string,
  options?: OperatorActionOptions,
): Promise<WorkflowInstance> {
  const metadata = auditMetadata(options);
  await internals.initialize();
  return internals.transactionRunner.runInTransaction(async () => {
    const instance = isUuidText(uuid) ? await internals.instanceStore.lockByUuid(uuid) : null;
    if (!instance) throw new WorkflowInstanceNotFoundError(uuid);
    if (internals.executionStore && (await internals.executionStore.findActive(uuid))) {
      throw new WorkflowInstanceBusyError(uuid);
    }
    if (instance.timeoutRetry === null) return instance;
    instance.timeoutRetry = null;
    instance.version++;
    instance.updatedAt = internals.clock.now();
    if (metadata === undefined) await internals.instanceStore.update(instance);
    else
      await internals.transitions.record(instance, operatorAuditRecord("rearmTimeout", instance, metadata));
    return instance;
  });
}
