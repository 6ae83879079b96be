import "reflect-metadata";
import { Controller, Get, Inject, Module, Param, ParseUUIDPipe, type INestApplication } from "@nestjs/common";
import { ModuleRef } from "@nestjs/core";
import { Test } from "@nestjs/testing";
import type { WorkflowInstance } from "@duraflows/core";
import { createInMemoryPersistence, SimulatedClock } from "@duraflows/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  NestCommandRegistry,
  WorkflowEventController,
  WorkflowExecutionController,
  WorkflowInstanceController,
  WorkflowModule,
  WorkflowQueryController,
  WorkflowService,
  WorkflowTimeoutController,
  WorkflowTimeoutService,
} from "../../src/index.js";
import { cancellableGuard, orderWorkflow } from "../fixtures/order-workflow.js";
import { http } from "../support/http-app.js";
import { explicitOrderCommands } from "../support/order-commands.js";

// Applications written for the published package call the controllers' methods by name, construct them with
// the service alone and subclass them; these tests pin those names and constructors.

const clock = new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));

function workflowModule() {
  return WorkflowModule.forRoot({
    workflows: [orderWorkflow],
    commands: explicitOrderCommands,
    guards: [cancellableGuard],
    persistence: createInMemoryPersistence({ idempotency: true, durableExecution: true }),
    clock,
  });
}

const apps: INestApplication[] = [];
afterEach(async () => {
  while (apps.length > 0) await apps.pop()!.close();
});

async function services() {
  const module = await Test.createTestingModule({ imports: [workflowModule()] }).compile();
  await module.init();
  return {
    workflowService: module.get(WorkflowService),
    timeoutService: module.get(WorkflowTimeoutService),
    moduleRef: module.get(ModuleRef),
  };
}

describe("published controller API: direct construction and calls", () => {
  it("WorkflowInstanceController(workflowService) creates and reads instances by the published names", async () => {
    const { workflowService } = await services();
    const controller = new WorkflowInstanceController(workflowService);
    const created = await controller.createInstance({ workflowName: "order", context: { amount: 5 } });
    expect(created.currentState).toBe("new");
    await expect(controller.getInstance(created.uuid)).resolves.toMatchObject({ uuid: created.uuid });
    await expect(controller.getInstance("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      status: 404,
    });
  });

  it("WorkflowInstanceController(workflowService) still answers an unknown workflow with a 400", async () => {
    const { workflowService } = await services();
    const controller = new WorkflowInstanceController(workflowService);
    await expect(controller.createInstance({ workflowName: "nope" })).rejects.toMatchObject({
      status: 400,
      message: 'Workflow "nope" is not registered',
    });
  });

  it("event, query and timeout controllers expose triggerEvent, getAvailableEvents, getHistory, processExpired", async () => {
    const { workflowService, timeoutService } = await services();
    const instance = await workflowService.createInstance({ workflowName: "order", context: { amount: 5 } });
    const params = { workflowInstanceUuid: instance.uuid };

    const query = new WorkflowQueryController(workflowService);
    const available = await query.getAvailableEvents(params);
    expect(available.map((event) => event.eventName)).toContain("Pay");

    const events = new WorkflowEventController(workflowService);
    const result = await events.triggerEvent({ ...params, eventName: "Pay" }, {});
    expect(result).toMatchObject({ outcome: "success", fromState: "new", toState: "shipped" });

    const history = await query.getHistory(params, { limit: 10 });
    expect(history.map((record) => record.toState)).toContain("shipped");

    const timeouts = new WorkflowTimeoutController(timeoutService);
    await expect(timeouts.processExpired({ limit: 10 })).resolves.toMatchObject({ processed: 0 });
  });

  it("WorkflowExecutionController exposes the durable routes under the service's names", async () => {
    const { workflowService } = await services();
    const instance = await workflowService.createInstance({ workflowName: "order", context: { amount: 5 } });
    const controller = new WorkflowExecutionController(workflowService);
    const execution = await controller.enqueueEvent(
      { workflowInstanceUuid: instance.uuid, eventName: "Pay" },
      { idempotencyKey: "pay-1" },
    );
    await expect(controller.getExecution(execution.uuid)).resolves.toMatchObject({ uuid: execution.uuid });
    // Each pass runs one step (a command, then the transition): drain until the execution completes.
    const completed: string[] = [];
    for (let pass = 0; pass < 5 && completed.length === 0; pass++) {
      completed.push(...(await controller.processPendingExecutions({ limit: 10 })).completed);
    }
    expect(completed).toEqual([execution.uuid]);
    const other = await controller.enqueueEvent(
      { workflowInstanceUuid: instance.uuid, eventName: "Deliver" },
      { idempotencyKey: "deliver-1" },
    );
    await expect(controller.cancelExecution(other.uuid)).resolves.toMatchObject({ status: "cancelled" });
    await expect(controller.retryExecution(other.uuid)).rejects.toBeDefined();
  });

  it("WorkflowExecutionController(workflowService) answers 501 when durable execution is not configured", async () => {
    const module = await Test.createTestingModule({
      imports: [
        WorkflowModule.forRoot({
          workflows: [orderWorkflow],
          commands: explicitOrderCommands,
          guards: [cancellableGuard],
          persistence: createInMemoryPersistence(),
          clock,
        }),
      ],
    }).compile();
    const controller = new WorkflowExecutionController(module.get(WorkflowService));
    await expect(controller.processPendingExecutions({})).rejects.toMatchObject({
      status: 501,
      message: expect.stringContaining("`executionStore`"),
    });
  });

  it("new NestCommandRegistry(moduleRef) works without registrations", async () => {
    const { moduleRef } = await services();
    const registry = new NestCommandRegistry(moduleRef);
    expect(registry.has("chargePayment")).toBe(false);
    expect(registry.getRegisteredNames()).toEqual(new Set());
    expect(() => registry.get("chargePayment")).toThrow('Command "chargePayment" not found in registry');
  });
});

describe("published controller API: subclasses mounted by an application", () => {
  @Controller("workflows")
  class AuditedInstanceController extends WorkflowInstanceController {
    readonly reads: string[] = [];

    constructor(@Inject(WorkflowService) workflowService: WorkflowService) {
      super(workflowService);
    }

    @Get(":uuid")
    override async getInstance(@Param("uuid", ParseUUIDPipe) uuid: string): Promise<WorkflowInstance> {
      this.reads.push(uuid);
      return super.getInstance(uuid);
    }
  }

  it("inherits the create route, overrides the read route and keeps the 400 for an unknown workflow", async () => {
    @Module({ imports: [workflowModule()], controllers: [AuditedInstanceController] })
    class AppModule {}
    const module = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = module.createNestApplication({ logger: false });
    apps.push(app);
    await app.listen(0, "127.0.0.1");
    const { port } = app.getHttpServer().address() as { port: number };
    const baseUrl = `http://127.0.0.1:${port}`;

    const created = await http(baseUrl, "POST", "/workflows", { json: { workflowName: "order" } });
    expect(created.status).toBe(201);
    const read = await http(baseUrl, "GET", `/workflows/${created.body.uuid}`);
    expect(read).toMatchObject({ status: 200, body: { uuid: created.body.uuid, currentState: "new" } });
    expect(app.get(AuditedInstanceController).reads).toEqual([created.body.uuid]);

    const unknown = await http(baseUrl, "POST", "/workflows", { json: { workflowName: "nope" } });
    expect(unknown).toEqual({
      status: 400,
      body: { statusCode: 400, error: "Bad Request", message: 'Workflow "nope" is not registered' },
    });
    const extra = await http(baseUrl, "POST", "/workflows", { json: { workflowName: "order", extra: 1 } });
    expect(extra.status).toBe(400);
  });
});
