import { Allow, IsObject, IsOptional, IsString, IsUUID, ValidateIf } from "class-validator";
import { swagger } from "../openapi/optional-swagger.js";

/** Body of `POST /workflows/:workflowInstanceUuid/events/:eventName` and `…/executions/:eventName`. */
export class TriggerEventDto {
  /** Any JSON value handed to guards and commands. */
  @swagger.ApiPropertyOptional({ description: "Any JSON value handed to guards and commands" })
  @Allow()
  subject?: unknown;

  /** Trigger metadata (`ctx.triggerMetadata`). */
  @swagger.ApiPropertyOptional({ type: Object, description: "Trigger metadata (ctx.triggerMetadata)" })
  @IsOptional()
  @IsObject()
  triggerMetadata?: Record<string, unknown>;

  /** Idempotency key; validated whenever present, so an explicit `null` is a 400. */
  @swagger.ApiPropertyOptional({
    type: String,
    description: "Idempotency key (required on the executions route)",
  })
  @ValidateIf((dto: TriggerEventDto) => dto.idempotencyKey !== undefined)
  @IsString()
  idempotencyKey?: string;

  /** Idempotency fingerprint; validated whenever present, so an explicit `null` is a 400. */
  @swagger.ApiPropertyOptional({ type: String, description: "Fingerprint compared on key reuse" })
  @ValidateIf((dto: TriggerEventDto) => dto.idempotencyFingerprint !== undefined)
  @IsString()
  idempotencyFingerprint?: string;
}

/** Route parameters `:workflowInstanceUuid` and `:eventName`. */
export class TriggerEventParamsDto {
  /** Instance uuid. */
  @swagger.ApiProperty({ type: String, format: "uuid" })
  @IsUUID()
  workflowInstanceUuid!: string;

  /** Event name. */
  @swagger.ApiProperty({ type: String })
  @IsString()
  eventName!: string;
}
