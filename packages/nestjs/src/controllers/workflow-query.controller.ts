import { Controller, Get, Inject, Param, Query, UseFilters, UsePipes } from "@nestjs/common";
import {
  WorkflowInstanceNotFoundError,
  type AvailableWorkflowEvent,
  type WorkflowHistoryRecord,
} from "@duraflows/core";
import { AvailableEventsParamsDto } from "../dto/available-events-params.dto.js";
import { HistoryParamsDto, HistoryQueryDto } from "../dto/history.dto.js";
import { WorkflowExceptionFilter } from "../filters/workflow-exception.filter.js";
import { swagger } from "../openapi/optional-swagger.js";
import { WorkflowService } from "../workflow.service.js";
import { createWorkflowValidationPipe } from "./workflow-validation.pipe.js";

/** `GET /workflows/:workflowInstanceUuid/events` and `GET /workflows/:workflowInstanceUuid/history`. */
@swagger.ApiTags("workflows")
@Controller("workflows")
@UseFilters(WorkflowExceptionFilter)
@UsePipes(createWorkflowValidationPipe())
export class WorkflowQueryController {
  /** `workflowService` is the service every route delegates to. */
  constructor(@Inject(WorkflowService) protected readonly workflowService: WorkflowService) {}

  /** Events offered by the current state (guards not evaluated). */
  @swagger.ApiOperation({ summary: "List the events available in the current state" })
  @Get(":workflowInstanceUuid/events")
  getAvailableEvents(@Param() params: AvailableEventsParamsDto): Promise<AvailableWorkflowEvent[]> {
    return this.workflowService.getAvailableEvents({ workflowInstanceUuid: params.workflowInstanceUuid });
  }

  /** History rows, newest first; an unknown instance answers 404 like the other instance routes. */
  @swagger.ApiOperation({ summary: "List the history of a workflow instance" })
  @swagger.ApiResponse({ status: 404, description: "Unknown instance" })
  @Get(":workflowInstanceUuid/history")
  async getHistory(
    @Param() params: HistoryParamsDto,
    @Query() query: HistoryQueryDto,
  ): Promise<WorkflowHistoryRecord[]> {
    const { workflowInstanceUuid } = params;
    const records = await this.workflowService.getHistory(workflowInstanceUuid, {
      limit: query.limit,
      offset: query.offset,
    });
    // An empty page is either an offset past the end or an instance that does not exist: only the latter is 404.
    if (records.length === 0 && (await this.workflowService.getInstance(workflowInstanceUuid)) === null) {
      throw new WorkflowInstanceNotFoundError(workflowInstanceUuid);
    }
    return records;
  }
}
