import { Inject, Injectable } from "@nestjs/common";
import {
  type WorkflowRuntime,
  type FindParkedTimeoutsInput,
  type OperatorActionOptions,
  type ProcessExpiredWorkflowsResult,
  type WorkflowInstance,
} from "@duraflows/core";
import { WORKFLOW_RUNTIME } from "./workflow.constants.js";

/**
 * Timeout processing for schedulers and operators: sweep due timeouts, list parked ones, re-arm them.
 *
 * @example
 * ```ts
 * @Cron(CronExpression.EVERY_MINUTE)
 * sweep() { return this.timeouts.processExpiredWorkflows(100); }
 * ```
 */
@Injectable()
export class WorkflowTimeoutService {
  constructor(@Inject(WORKFLOW_RUNTIME) private readonly runtime: WorkflowRuntime) {}

  /** Fires due timeout events, one transaction per instance; `limit` defaults to 100 (core). */
  processExpiredWorkflows(limit?: number): Promise<ProcessExpiredWorkflowsResult> {
    return this.runtime.processExpiredWorkflows({ limit });
  }

  /** Instances whose timeout is parked after exhausting its retries, oldest first (default limit 100). */
  findParkedTimeouts(input?: FindParkedTimeoutsInput): Promise<WorkflowInstance[]> {
    return this.runtime.findParkedTimeouts(input);
  }

  /**
   * Clears the instance's timeout retry state under lock; an unknown uuid throws `WorkflowInstanceNotFoundError`.
   * `options.triggerMetadata` records who did it in a `$rearmed` history row (see `OperatorActionOptions`).
   */
  rearmTimeout(uuid: string, options?: OperatorActionOptions): Promise<WorkflowInstance> {
    return options === undefined ? this.runtime.rearmTimeout(uuid) : this.runtime.rearmTimeout(uuid, options);
  }
}
