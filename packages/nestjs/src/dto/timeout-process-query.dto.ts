import { Type } from "class-transformer";
import { IsInt, IsOptional, Max, Min } from "class-validator";
import { swagger } from "../openapi/optional-swagger.js";

/** Query of `POST /workflows/timeouts/process` and `POST /workflows/executions/process`. */
export class TimeoutProcessQueryDto {
  /** Batch size, 1..1000 (core default 100). */
  @swagger.ApiPropertyOptional({ type: Number, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
