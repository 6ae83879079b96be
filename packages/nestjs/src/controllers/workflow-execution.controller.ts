import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  NotImplementedException,
  Optional,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseFilters,
  UsePipes,
} from "@nestjs/common";
import {
  DurableExecutionNotSupportedError,
  InvalidArgumentError,
  type DurableWorkflowExecution,
  type ProcessPendingExecutionsResult,
  type WorkflowExecutionStore,
} from "@duraflows/core";
import { TimeoutProcessQueryDto } from "../dto/timeout-process-query.dto.js";
import { TriggerEventDto, TriggerEventParamsDto } from "../dto/trigger-event.dto.js";
import { WorkflowExceptionFilter } from "../filters/workflow-exception.filter.js";
import { swagger } from "../openapi/optional-swagger.js";
import { WORKFLOW_EXECUTION_STORE } from "../workflow.constants.js";
import {
  DURABLE_EXECUTION_NOT_CONFIGURED_MESSAGE,
  ENQUEUE_REQUIRES_KEY_MESSAGE,
  EXECUTION_NOT_FOUND_MESSAGE,
} from "../workflow.messages.js";
import { WorkflowService } from "../workflow.service.js";
import { createWorkflowValidationPipe } from "./workflow-validation.pipe.js";

/**
 * Durable execution routes: enqueue, get, process, retry, cancel. Without an execution store in the
 * persistence provider every route answers 501 Not Implemented, naming the missing `executionStore`.
 */
@swagger.ApiTags("workflow executions")
@Controller("workflows")
@UseFilters(WorkflowExceptionFilter)
@UsePipes(createWorkflowValidationPipe())
export class WorkflowExecutionController {
  /**
   * `workflowService` is the service every route delegates to. `executionStore` is the module's store (`null`
   * when the persistence provider has none); it is optional so that constructing the controller with the
   * service alone keeps working, and then the runtime's `DurableExecutionNotSupportedError` gives the 501.
   */
  constructor(
    @Inject(WorkflowService) protected readonly workflowService: WorkflowService,
    @Optional()
    @Inject(WORKFLOW_EXECUTION_STORE)
    protected readonly executionStore?: WorkflowExecutionStore | null,
  ) {}

  /** Queues the event for durable execution (201); the body must carry an `idempotencyKey`. */
  @swagger.ApiOperation({ summary: "Enqueue an event for durable execution" })
  @swagger.ApiResponse({ status: 201, description: "The DurableWorkflowExecution" })
  @Post(":workflowInstanceUuid/executions/:eventName")
  enqueueEvent(
    @Param() params: TriggerEventParamsDto,
    @Body() body: TriggerEventDto,
  ): Promise<DurableWorkflowExecution> {
    return this.durable(() => {
      const { idempotencyKey } = body;
      if (idempotencyKey === undefined) throw new InvalidArgumentError(ENQUEUE_REQUIRES_KEY_MESSAGE);
      return this.workflowService.enqueueEvent({ ...body, idempotencyKey, ...params });
    });
  }

  /** Runs one durable worker pass (201). */
  @swagger.ApiOperation({ summary: "Process pending durable executions" })
  @Post("executions/process")
  processPendingExecutions(@Query() query: TimeoutProcessQueryDto): Promise<ProcessPendingExecutionsResult> {
    return this.durable(() => this.workflowService.processPendingExecutions({ limit: query.limit }));
  }

  /** The execution, or 404. */
  @swagger.ApiOperation({ summary: "Get a durable execution" })
  @Get("executions/:executionUuid")
  async getExecution(
    @Param("executionUuid", ParseUUIDPipe) executionUuid: string,
  ): Promise<DurableWorkflowExecution> {
    const execution = await this.durable(() => this.workflowService.getExecution(executionUuid));
    if (execution === null) throw new NotFoundException(EXECUTION_NOT_FOUND_MESSAGE);
    return execution;
  }

  /** Re-queues a parked execution. */
  @swagger.ApiOperation({ summary: "Retry a parked durable execution" })
  @Post("executions/:executionUuid/retry")
  retryExecution(
    @Param("executionUuid", ParseUUIDPipe) executionUuid: string,
  ): Promise<DurableWorkflowExecution> {
    return this.durable(() => this.workflowService.retryExecution(executionUuid));
  }

  /** Cancels a pending or parked execution (or one whose lease expired). */
  @swagger.ApiOperation({ summary: "Cancel a durable execution" })
  @Post("executions/:executionUuid/cancel")
  cancelExecution(
    @Param("executionUuid", ParseUUIDPipe) executionUuid: string,
  ): Promise<DurableWorkflowExecution> {
    return this.durable(() => this.workflowService.cancelExecution(executionUuid));
  }

  /** Runs `call`, answering 501 when durable execution is not configured. */
  private async durable<T>(call: () => Promise<T>): Promise<T> {
    if (this.executionStore === null)
      throw new NotImplementedException(DURABLE_EXECUTION_NOT_CONFIGURED_MESSAGE);
    try {
      return await call();
    } catch (error) {
      if (error instanceof DurableExecutionNotSupportedError) {
        throw new NotImplementedException(DURABLE_EXECUTION_NOT_CONFIGURED_MESSAGE);
      }
      throw error;
    }
  }
}
