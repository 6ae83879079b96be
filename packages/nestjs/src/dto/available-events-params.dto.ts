import { IsUUID } from "class-validator";
import { swagger } from "../openapi/optional-swagger.js";

/** Route parameter `:workflowInstanceUuid` of `GET /workflows/:workflowInstanceUuid/events`. */
export class AvailableEventsParamsDto {
  /** Instance uuid. */
  @swagger.ApiProperty({ type: String, format: "uuid" })
  @IsUUID()
  workflowInstanceUuid!: string;
}
