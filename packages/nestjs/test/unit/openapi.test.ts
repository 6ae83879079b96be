import "reflect-metadata";
import { Test } from "@nestjs/testing";
import { DocumentBuilder, SwaggerModule } from "@nestjs/swagger";
import { createInMemoryPersistence } from "@duraflows/core/testing";
import { describe, expect, it, vi } from "vitest";
import { WorkflowModule } from "../../src/index.js";
import { loadSwaggerDecorators, noopSwaggerDecorators } from "../../src/openapi/optional-swagger.js";
import { cancellableGuard, orderWorkflow } from "../fixtures/order-workflow.js";
import { explicitOrderCommands } from "../support/order-commands.js";

describe("optional @nestjs/swagger", () => {
  it("falls back to no-op decorators when the package cannot be loaded", () => {
    const decorators = loadSwaggerDecorators(() => {
      throw Object.assign(new Error("Cannot find module '@nestjs/swagger'"), { code: "MODULE_NOT_FOUND" });
    });
    expect(decorators).toBe(noopSwaggerDecorators);
    class Target {}
    expect(decorators.ApiTags("x")(Target)).toBeUndefined();
    expect(Reflect.getMetadataKeys(Target)).toEqual([]);
  });

  it("falls back when the module lacks a decorator", () => {
    expect(loadSwaggerDecorators(() => ({ ApiTags: vi.fn() }))).toBe(noopSwaggerDecorators);
    expect(loadSwaggerDecorators(() => undefined)).toBe(noopSwaggerDecorators);
  });

  it("uses the real decorators when installed: routes and DTOs appear in the OpenAPI document", async () => {
    const module = await Test.createTestingModule({
      imports: [
        WorkflowModule.forRoot({
          workflows: [orderWorkflow],
          commands: explicitOrderCommands,
          guards: [cancellableGuard],
          persistence: createInMemoryPersistence(),
          enableControllers: true,
        }),
      ],
    }).compile();
    const app = module.createNestApplication({ logger: false });
    await app.init();
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle("t").build());
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/workflows",
        "/workflows/{uuid}",
        "/workflows/{workflowInstanceUuid}/events/{eventName}",
        "/workflows/{workflowInstanceUuid}/events",
        "/workflows/{workflowInstanceUuid}/history",
        "/workflows/timeouts/process",
        "/workflows/{workflowInstanceUuid}/executions/{eventName}",
        "/workflows/executions/{executionUuid}",
        "/workflows/executions/process",
        "/workflows/executions/{executionUuid}/retry",
        "/workflows/executions/{executionUuid}/cancel",
      ]),
    );
    expect(document.paths["/workflows"]!.post!.summary).toBe("Create a workflow instance");
    expect(document.paths["/workflows"]!.post!.tags).toEqual(["workflows"]);
    const schema = document.components!.schemas!.CreateInstanceDto as {
      properties: object;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual([
      "workflowName",
      "context",
      "metadata",
      "triggerMetadata",
    ]);
    expect(schema.required).toEqual(["workflowName"]);
    const history = document.paths["/workflows/{workflowInstanceUuid}/history"]!.get!.parameters as {
      name: string;
      in: string;
    }[];
    expect(history.map((p) => `${p.in}:${p.name}`).sort()).toEqual([
      "path:workflowInstanceUuid",
      "query:limit",
      "query:offset",
    ]);
    await app.close();
  });
});
