import { Controller, Inject, Post, Query, UseFilters, UsePipes } from "@nestjs/common";
import type { ProcessExpiredWorkflowsResult } from "@duraflows/core";
import { TimeoutProcessQueryDto } from "../dto/timeout-process-query.dto.js";
import { WorkflowExceptionFilter } from "../filters/workflow-exception.filter.js";
import { swagger } from "../openapi/optional-swagger.js";
import { WorkflowTimeoutService } from "../workflow-timeout.service.js";
import { createWorkflowValidationPipe } from "./workflow-validation.pipe.js";

/** `POST /workflows/timeouts/process`. */
@swagger.ApiTags("workflows")
@Controller("workflows/timeouts")
@UseFilters(WorkflowExceptionFilter)
@UsePipes(createWorkflowValidationPipe())
export class WorkflowTimeoutController {
  /** `timeoutService` processes the expired instances. */
  constructor(@Inject(WorkflowTimeoutService) protected readonly timeoutService: WorkflowTimeoutService) {}

  /** Fires due timeout events (201). */
  @swagger.ApiOperation({ summary: "Process expired workflow timeouts" })
  @swagger.ApiResponse({ status: 201, description: "The ProcessExpiredWorkflowsResult" })
  @Post("process")
  processExpired(@Query() query: TimeoutProcessQueryDto): Promise<ProcessExpiredWorkflowsResult> {
    return this.timeoutService.processExpiredWorkflows(query.limit);
  }
}
