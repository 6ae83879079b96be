import "reflect-metadata";
import { BadRequestException, ValidationPipe } from "@nestjs/common";
import { describe, expect, it } from "vitest";
import { createWorkflowValidationPipe } from "../../src/controllers/workflow-validation.pipe.js";
import { CreateInstanceDto } from "../../src/dto/create-instance.dto.js";

// Regression: a deeply nested body made class-transformer overflow the stack (HTTP 500).
function nestedText(levels: number): unknown {
  return JSON.parse(`${'{"d":'.repeat(levels)}1${"}".repeat(levels)}`);
}

describe("the workflow controllers' validation pipe", () => {
  const pipe = createWorkflowValidationPipe();
  const body = { type: "body" as const, metatype: CreateInstanceDto };

  it("is a ValidationPipe with the specified options", () => {
    expect(pipe).toBeInstanceOf(ValidationPipe);
  });

  it("refuses a body nested deeper than 1000 levels with a 400 instead of overflowing", async () => {
    const error = await pipe
      .transform({ workflowName: "w", context: nestedText(20_000) }, body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).message).toBe("Request body is nested deeper than 1000 levels");
  });

  it("still transforms ordinary and moderately deep bodies", async () => {
    const value = await pipe.transform(
      { workflowName: "w", context: nestedText(900) as Record<string, unknown> },
      body,
    );
    expect(value).toBeInstanceOf(CreateInstanceDto);
    expect((value as CreateInstanceDto).workflowName).toBe("w");
  });
});
