import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  UseFilters,
  UsePipes,
} from "@nestjs/common";
import type { WorkflowDefinitionRegistry, WorkflowInstance } from "@duraflows/core";
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
  constructor(
    @Inject(WorkflowService) private readonly workflows: WorkflowService,
    @Inject(WORKFLOW_DEFINITION_REGISTRY) private readonly definitions: WorkflowDefinitionRegistry,
  ) {}

  /** Creates an instance (201); an unregistered workflow name answers 400 naming it. */
  @swagger.ApiOperation({ summary: "Create a workflow instance" })
  @swagger.ApiResponse({ status: 201, description: "The created WorkflowInstance" })
  @swagger.ApiResponse({ status: 400, description: "Invalid body or unregistered workflow name" })
  @Post()
  create(@Body() body: CreateInstanceDto): Promise<WorkflowInstance> {
    if (!this.definitions.has(body.workflowName)) {
      throw new BadRequestException(unknownWorkflowMessage(body.workflowName));
    }
    return this.workflows.createInstance({
      workflowName: body.workflowName,
      context: body.context,
      metadata: body.metadata,
      triggerMetadata: body.triggerMetadata,
    });
  }

  /** The instance, or 404. */
  @swagger.ApiOperation({ summary: "Get a workflow instance" })
  @swagger.ApiResponse({ status: 404, description: "Unknown instance" })
  @Get(":uuid")
  async get(@Param("uuid", ParseUUIDPipe) uuid: string): Promise<WorkflowInstance> {
    const instance = await this.workflows.getInstance(uuid);
    if (instance === null) throw new NotFoundException(instanceNotFoundMessage(uuid));
    return instance;
  }
}
