import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Optional,
  Post,
  UseFilters,
  UsePipes,
} from "@nestjs/common";
import {
  WorkflowDefinitionError,
  type WorkflowDefinitionRegistry,
  type WorkflowInstance,
} from "@duraflows/core";
import { CreateInstanceDto } from "../dto/create-instance.dto.js";
import { WorkflowExceptionFilter } from "../filters/workflow-exception.filter.js";
import { swagger } from "../openapi/optional-swagger.js";
import { WORKFLOW_DEFINITION_REGISTRY } from "../workflow.constants.js";
import { instanceNotFoundMessage, unknownWorkflowMessage } from "../workflow.messages.js";
import { WorkflowService } from "../workflow.service.js";
import { createWorkflowValidationPipe } from "./workflow-validation.pipe.js";

/** `POST /workflows` (create) and `GET /workflows/:uuid`. */
@swagger.ApiTags("workflows")
@Controller("workflows")
@UseFilters(WorkflowExceptionFilter)
@UsePipes(createWorkflowValidationPipe())
export class WorkflowInstanceController {
  /**
   * `workflowService` is the service every route delegates to. `definitions` is optional so that code
   * constructing or subclassing the controller with the service alone keeps working; Nest injects it, and
   * without it an unregistered workflow name is recognised from the runtime's error instead.
   */
  constructor(
    @Inject(WorkflowService) protected readonly workflowService: WorkflowService,
    @Optional()
    @Inject(WORKFLOW_DEFINITION_REGISTRY)
    protected readonly definitions?: WorkflowDefinitionRegistry,
  ) {}

  /** Creates an instance (201); an unregistered workflow name answers 400 naming it. */
  @swagger.ApiOperation({ summary: "Create a workflow instance" })
  @swagger.ApiResponse({ status: 201, description: "The created WorkflowInstance" })
  @swagger.ApiResponse({ status: 400, description: "Invalid body or unregistered workflow name" })
  @Post()
  async createInstance(@Body() body: CreateInstanceDto): Promise<WorkflowInstance> {
    const { workflowName } = body;
    // Checked before any transaction opens, so a typo in the name is the caller's 400, not a logged 500.
    if (this.definitions !== undefined && !this.definitions.has(workflowName)) {
      throw new BadRequestException(unknownWorkflowMessage(workflowName));
    }
    try {
      return await this.workflowService.createInstance({
        workflowName,
        context: body.context,
        metadata: body.metadata,
        triggerMetadata: body.triggerMetadata,
      });
    } catch (error) {
      if (this.definitions === undefined && isUnregisteredWorkflow(error, workflowName)) {
        throw new BadRequestException(unknownWorkflowMessage(workflowName));
      }
      throw error;
    }
  }

  /** The instance, or 404. */
  @swagger.ApiOperation({ summary: "Get a workflow instance" })
  @swagger.ApiResponse({ status: 404, description: "Unknown instance" })
  @Get(":uuid")
  async getInstance(@Param("uuid", ParseUUIDPipe) uuid: string): Promise<WorkflowInstance> {
    const instance = await this.workflowService.getInstance(uuid);
    if (instance === null) throw new NotFoundException(instanceNotFoundMessage(uuid));
    return instance;
  }
}

/** The registry's "unknown name" error for exactly this workflow. */
function isUnregisteredWorkflow(error: unknown, workflowName: string): boolean {
  return (
    error instanceof WorkflowDefinitionError &&
    error.workflowName === workflowName &&
    error.message.endsWith("Workflow not found in registry")
  );
}
