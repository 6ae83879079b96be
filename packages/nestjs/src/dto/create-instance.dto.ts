import { IsObject, IsOptional, IsString } from "class-validator";
import { swagger } from "../openapi/optional-swagger.js";

/** Body of `POST /workflows`. */
export class CreateInstanceDto {
  /** Name of a registered workflow. */
  @swagger.ApiProperty({ type: String, description: "Name of a registered workflow", example: "order" })
  @IsString()
  workflowName!: string;

  /** Initial instance context (mutable by commands). */
  @swagger.ApiPropertyOptional({ type: Object, description: "Initial instance context" })
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;

  /** Write-once instance metadata. */
  @swagger.ApiPropertyOptional({ type: Object, description: "Write-once instance metadata" })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  /** Trigger metadata given to the initial onEnter commands. */
  @swagger.ApiPropertyOptional({ type: Object, description: "Trigger metadata of the initial onEnter chain" })
  @IsOptional()
  @IsObject()
  triggerMetadata?: Record<string, unknown>;
}
