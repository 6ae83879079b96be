import { Type } from "class-transformer";
import { IsInt, IsOptional, IsUUID, Max, Min } from "class-validator";
import { swagger } from "../openapi/optional-swagger.js";

/** Route parameter `:workflowInstanceUuid` of `GET /workflows/:workflowInstanceUuid/history`. */
export class HistoryParamsDto {
  /** Instance uuid. */
  @swagger.ApiProperty({ type: String, format: "uuid" })
  @IsUUID()
  workflowInstanceUuid!: string;
}

/** Query of `GET /workflows/:workflowInstanceUuid/history`. */
export class HistoryQueryDto {
  /** Page size, 1..500 (store default 50). */
  @swagger.ApiPropertyOptional({ type: Number, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** Rows to skip, ≥ 0 (default 0). */
  @swagger.ApiPropertyOptional({ type: Number, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
