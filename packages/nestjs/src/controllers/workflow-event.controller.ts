import { Body, Controller, Inject, Param, Post, UseFilters, UsePipes } from "@nestjs/common";
import type { WorkflowExecutionResult } from "@duraflows/core";
import { TriggerEventDto, TriggerEventParamsDto } from "../dto/trigger-event.dto.js";
import { WorkflowExceptionFilter } from "../filters/workflow-exception.filter.js";
import { swagger } from "../openapi/optional-swagger.js";
import { WorkflowService } from "../workflow.service.js";
import { createWorkflowValidationPipe } from "./workflow-validation.pipe.js";

/** `POST /workflows/:workflowInstanceUuid/events/:eventName` (synchronous trigger). */
@swagger.ApiTags("workflows")
@Controller("workflows")
@UseFilters(WorkflowExceptionFilter)
@UsePipes(createWorkflowValidationPipe())
export class WorkflowEventController {
  /** `workflowService` is the service every route delegates to. */
  constructor(@Inject(WorkflowService) protected readonly workflowService: WorkflowService) {}

  /** Fires the event (201); a replayed idempotency key returns the identical body. */
  @swagger.ApiOperation({ summary: "Trigger an event on a workflow instance" })
  @swagger.ApiResponse({ status: 201, description: "The WorkflowExecutionResult" })
  @swagger.ApiResponse({ status: 409, description: "Event not available, instance busy or key conflict" })
  @Post(":workflowInstanceUuid/events/:eventName")
  triggerEvent(
    @Param() params: TriggerEventParamsDto,
    @Body() body: TriggerEventDto,
  ): Promise<WorkflowExecutionResult> {
    return this.workflowService.triggerEvent({
      workflowInstanceUuid: params.workflowInstanceUuid,
      eventName: params.eventName,
      subject: body.subject,
      triggerMetadata: body.triggerMetadata,
      idempotencyKey: body.idempotencyKey,
      idempotencyFingerprint: body.idempotencyFingerprint,
    });
  }
}
