import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseFilters,
  UsePipes,
} from "@nestjs/common";
import {
  InvalidArgumentError,
  type DurableWorkflowExecution,
  type ProcessPendingExecutionsResult,
} from "@duraflows/core";
import { TimeoutProcessQueryDto } from "../dto/timeout-process-query.dto.js";
import { TriggerEventDto, TriggerEventParamsDto } from "../dto/trigger-event.dto.js";
import { WorkflowExceptionFilter } from "../filters/workflow-exception.filter.js";
import { swagger } from "../openapi/optional-swagger.js";
import { ENQUEUE_REQUIRES_KEY_MESSAGE, EXECUTION_NOT_FOUND_MESSAGE } from "../workflow.messages.js";
import { WorkflowService } from "../workflow.service.js";
import { createWorkflowValidationPipe } from "./workflow-validation.pipe.js";

/** Durable execution routes: enqueue, get, process, retry, cancel. */
@swagger.ApiTags("workflow executions")
@Controller("workflows")
@UseFilters(WorkflowExceptionFilter)
@UsePipes(createWorkflowValidationPipe())
export class WorkflowExecutionController {
  /** `workflowService` is the service every route delegates to. */
  constructor(@Inject(WorkflowService) protected readonly workflowService: WorkflowService) {}

  /** Queues the event for durable execution (201); the body must carry an `idempotencyKey`. */
  @swagger.ApiOperation({ summary: "Enqueue an event for durable execution" })
  @swagger.ApiResponse({ status: 201, description: "The DurableWorkflowExecution" })
  @Post(":workflowInstanceUuid/executions/:eventName")
  enqueueEvent(
    @Param() params: TriggerEventParamsDto,
    @Body() body: TriggerEventDto,
  ): Promise<DurableWorkflowExecution> {
    const { idempotencyKey } = body;
    if (idempotencyKey === undefined) throw new InvalidArgumentError(ENQUEUE_REQUIRES_KEY_MESSAGE);
    return this.workflowService.enqueueEvent({ ...body, idempotencyKey, ...params });
  }

  /** Runs one durable worker pass (201). */
  @swagger.ApiOperation({ summary: "Process pending durable executions" })
  @Post("executions/process")
  processPendingExecutions(@Query() query: TimeoutProcessQueryDto): Promise<ProcessPendingExecutionsResult> {
    return this.workflowService.processPendingExecutions({ limit: query.limit });
  }

  /** The execution, or 404. */
  @swagger.ApiOperation({ summary: "Get a durable execution" })
  @Get("executions/:executionUuid")
  async getExecution(
    @Param("executionUuid", ParseUUIDPipe) executionUuid: string,
  ): Promise<DurableWorkflowExecution> {
    const execution = await this.workflowService.getExecution(executionUuid);
    if (execution === null) throw new NotFoundException(EXECUTION_NOT_FOUND_MESSAGE);
    return execution;
  }

  /** Re-queues a parked execution. */
  @swagger.ApiOperation({ summary: "Retry a parked durable execution" })
  @Post("executions/:executionUuid/retry")
  retryExecution(
    @Param("executionUuid", ParseUUIDPipe) executionUuid: string,
  ): Promise<DurableWorkflowExecution> {
    return this.workflowService.retryExecution(executionUuid);
  }

  /** Cancels a pending or parked execution (or one whose lease expired). */
  @swagger.ApiOperation({ summary: "Cancel a durable execution" })
  @Post("executions/:executionUuid/cancel")
  cancelExecution(
    @Param("executionUuid", ParseUUIDPipe) executionUuid: string,
  ): Promise<DurableWorkflowExecution> {
    return this.workflowService.cancelExecution(executionUuid);
  }
}
