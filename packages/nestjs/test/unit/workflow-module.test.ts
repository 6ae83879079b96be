import "reflect-metadata";
import { Inject, Injectable, Logger, Module, type OnModuleInit, type Provider } from "@nestjs/common";
import { DiscoveryModule } from "@nestjs/core";
import { Test } from "@nestjs/testing";
import { WorkflowDefinitionError, WorkflowRuntime, type WorkflowGuardRegistry } from "@duraflows/core";
import { createInMemoryPersistence, SimulatedClock } from "@duraflows/core/testing";
import { describe, expect, it, vi } from "vitest";
import {
  InMemoryGuardRegistry,
  NestCommandRegistry,
  WORKFLOW_CLOCK,
  WORKFLOW_COMMAND_REGISTRY,
  WORKFLOW_DEFINITION_REGISTRY,
  WORKFLOW_DEFINITION_STORE,
  WORKFLOW_EXECUTION_STORE,
  WORKFLOW_GUARD_REGISTRY,
  WORKFLOW_HISTORY_STORE,
  WORKFLOW_IDEMPOTENCY_STORE,
  WORKFLOW_INSTANCE_STORE,
  WORKFLOW_RUNTIME,
  WORKFLOW_TRANSACTION_RUNNER,
  WorkflowEventController,
  WorkflowExecutionController,
  WorkflowInstanceController,
  WorkflowModule,
  WorkflowQueryController,
  WorkflowService,
  WorkflowTimeoutController,
  WorkflowTimeoutService,
} from "../../src/index.js";
import { WORKFLOW_MODULE_OPTIONS } from "../../src/workflow.constants.js";
import { WorkflowPollerService } from "../../src/workflow-poller.service.js";
import { WorkflowRuntimeInitializer } from "../../src/workflow-runtime.initializer.js";
import { GUARDS_EXCLUSIVITY_MESSAGE } from "../../src/workflow.messages.js";
import { cancellableGuard, ChargePaymentCommand, orderWorkflow } from "../fixtures/order-workflow.js";
import { explicitOrderCommands } from "../support/order-commands.js";

const EXPECTED_EXPORTS = [
  WorkflowService,
  WorkflowTimeoutService,
  WORKFLOW_RUNTIME,
  WORKFLOW_INSTANCE_STORE,
  WORKFLOW_HISTORY_STORE,
  WORKFLOW_DEFINITION_REGISTRY,
  WORKFLOW_COMMAND_REGISTRY,
  WORKFLOW_GUARD_REGISTRY,
  WORKFLOW_TRANSACTION_RUNNER,
  WORKFLOW_CLOCK,
  WORKFLOW_IDEMPOTENCY_STORE,
  WORKFLOW_EXECUTION_STORE,
];

const baseOptions = () => ({
  workflows: [orderWorkflow],
  commands: explicitOrderCommands,
  guards: [cancellableGuard],
  persistence: createInMemoryPersistence(),
});

describe("WorkflowModule.forRoot", () => {
  it("returns a global dynamic module with the specified imports, providers and exports", () => {
    const options = baseOptions();
    const dynamic = WorkflowModule.forRoot(options);
    expect(dynamic.module).toBe(WorkflowModule);
    expect(dynamic.global).toBe(true);
    expect(dynamic.imports).toEqual([DiscoveryModule]);
    expect(dynamic.controllers).toEqual([]);
    expect(dynamic.providers?.[0]).toEqual({ provide: WORKFLOW_MODULE_OPTIONS, useValue: options });
    expect(dynamic.exports).toEqual(EXPECTED_EXPORTS);
    expect(dynamic.exports).not.toContain(WORKFLOW_DEFINITION_STORE);
    const provided = (dynamic.providers as Provider[]).map((p) => (typeof p === "function" ? p : p.provide));
    for (const token of [...EXPECTED_EXPORTS, WORKFLOW_DEFINITION_STORE, ChargePaymentCommand]) {
      expect(provided).toContain(token);
    }
  });

  it("lists the shared provider graph in the specified order", () => {
    const dynamic = WorkflowModule.forRoot(baseOptions());
    const provided = (dynamic.providers as Provider[]).map((p) => (typeof p === "function" ? p : p.provide));
    expect(provided).toEqual([
      WORKFLOW_MODULE_OPTIONS,
      ...explicitOrderCommands.map((registration) => registration.useClass),
      WORKFLOW_COMMAND_REGISTRY,
      WORKFLOW_GUARD_REGISTRY,
      WORKFLOW_DEFINITION_REGISTRY,
      WORKFLOW_INSTANCE_STORE,
      WORKFLOW_HISTORY_STORE,
      WORKFLOW_TRANSACTION_RUNNER,
      WORKFLOW_DEFINITION_STORE,
      WORKFLOW_IDEMPOTENCY_STORE,
      WORKFLOW_EXECUTION_STORE,
      WORKFLOW_CLOCK,
      WORKFLOW_RUNTIME,
      WorkflowService,
      WorkflowTimeoutService,
      WorkflowRuntimeInitializer,
      // Built-in poller (docs/decisions.md), inert without `timeouts` / `durableExecutions`.
      WorkflowPollerService,
    ]);
  });

  it('logs validation warnings through Logger("WorkflowModule") as `Workflow "<name>": <message> (<path>)`', async () => {
    const warn = vi.spyOn(Logger.prototype, "warn").mockImplementation(() => undefined);
    try {
      const module = await Test.createTestingModule({
        imports: [
          WorkflowModule.forRoot({
            ...baseOptions(),
            workflows: [
              orderWorkflow,
              {
                name: "island",
                version: 1,
                initialState: "start",
                states: { start: { events: { Go: { targetState: "done" } } }, done: {}, orphan: {} },
              },
            ],
          }),
        ],
      }).compile();
      const lines = warn.mock.calls.filter(([message]) => String(message).startsWith('Workflow "island"'));
      expect(lines).toHaveLength(1);
      expect(lines[0]![0]).toMatch(/^Workflow "island": .+ \(states\.orphan\)$/);
      const index = warn.mock.calls.indexOf(lines[0]!);
      expect((warn.mock.contexts[index] as unknown as { context?: string }).context).toBe("WorkflowModule");
      await module.close();
    } finally {
      warn.mockRestore();
    }
  });

  it("registers the five controllers in the specified order only with enableControllers", () => {
    const dynamic = WorkflowModule.forRoot({ ...baseOptions(), enableControllers: true });
    expect(dynamic.controllers).toEqual([
      WorkflowExecutionController,
      WorkflowInstanceController,
      WorkflowEventController,
      WorkflowQueryController,
      WorkflowTimeoutController,
    ]);
  });

  it("throws the guard exclusivity error synchronously", () => {
    expect(() =>
      WorkflowModule.forRoot({ ...baseOptions(), guardRegistry: new InMemoryGuardRegistry() }),
    ).toThrow(GUARDS_EXCLUSIVITY_MESSAGE);
    expect(GUARDS_EXCLUSIVITY_MESSAGE).toBe(
      "WorkflowModule: cannot supply both `guards` and `guardRegistry` — they are mutually exclusive. Pass guards or a custom registry, not both.",
    );
  });

  it("wires every token and forwards options to the runtime", async () => {
    const persistence = createInMemoryPersistence({ idempotency: true, durableExecution: true });
    const clock = new SimulatedClock();
    const observer = { name: "spy", onEnter: vi.fn() };
    const module = await Test.createTestingModule({
      imports: [
        WorkflowModule.forRoot({
          ...baseOptions(),
          persistence,
          clock,
          observers: [observer],
          timeoutRetry: { maxAttempts: 2 },
        }),
      ],
    }).compile();
    await module.init();
    expect(module.get(WORKFLOW_INSTANCE_STORE)).toBe(persistence.instanceStore);
    expect(module.get(WORKFLOW_HISTORY_STORE)).toBe(persistence.historyStore);
    expect(module.get(WORKFLOW_TRANSACTION_RUNNER)).toBe(persistence.transactionRunner);
    expect(module.get(WORKFLOW_DEFINITION_STORE)).toBe(persistence.definitionStore);
    expect(module.get(WORKFLOW_IDEMPOTENCY_STORE)).toBe(persistence.idempotencyStore);
    expect(module.get(WORKFLOW_EXECUTION_STORE)).toBe(persistence.executionStore);
    expect(module.get(WORKFLOW_CLOCK)).toBe(clock);
    expect(module.get(WORKFLOW_COMMAND_REGISTRY)).toBeInstanceOf(NestCommandRegistry);
    expect(module.get<WorkflowGuardRegistry>(WORKFLOW_GUARD_REGISTRY).get("cancellable")).toBe(
      cancellableGuard,
    );
    expect(module.get(WORKFLOW_DEFINITION_REGISTRY).get("order").name).toBe("order");
    expect(module.get(WORKFLOW_RUNTIME)).toBeInstanceOf(WorkflowRuntime);

    const instance = await module.get(WorkflowService).createInstance({ workflowName: "order" });
    expect(instance.createdAt).toEqual(clock.now());
    expect(observer.onEnter).toHaveBeenCalledOnce();
    await module.close();
  });

  it("provides null for absent optional stores and a real clock by default", async () => {
    const module = await Test.createTestingModule({
      imports: [
        WorkflowModule.forRoot({
          ...baseOptions(),
          persistence: createInMemoryPersistence({ definitions: false }),
        }),
      ],
    }).compile();
    expect(module.get(WORKFLOW_DEFINITION_STORE)).toBeNull();
    expect(module.get(WORKFLOW_IDEMPOTENCY_STORE)).toBeNull();
    expect(module.get(WORKFLOW_EXECUTION_STORE)).toBeNull();
    const before = Date.now();
    const now = module.get(WORKFLOW_CLOCK).now() as Date;
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
    await module.close();
  });

  it("validates definitions against the registered command names at bootstrap", async () => {
    const builder = Test.createTestingModule({
      imports: [WorkflowModule.forRoot({ ...baseOptions(), commands: explicitOrderCommands.slice(1) })],
    });
    await expect(builder.compile()).rejects.toThrow(WorkflowDefinitionError);
    await expect(
      Test.createTestingModule({
        imports: [WorkflowModule.forRoot({ ...baseOptions(), commands: explicitOrderCommands.slice(1) })],
      }).compile(),
    ).rejects.toThrow(/chargePayment/);
  });

  it("validates guard references unless a custom guard registry is used", async () => {
    await expect(
      Test.createTestingModule({
        imports: [WorkflowModule.forRoot({ ...baseOptions(), guards: [] })],
      }).compile(),
    ).rejects.toThrow(/cancellable/);
    const module = await Test.createTestingModule({
      imports: [
        WorkflowModule.forRoot({ ...baseOptions(), guards: [], guardRegistry: new InMemoryGuardRegistry() }),
      ],
    }).compile();
    expect(module.get(WORKFLOW_DEFINITION_REGISTRY).has("order")).toBe(true);
    await module.close();
  });

  it("initializes the runtime on module init (definition versions synced to the store)", async () => {
    const persistence = createInMemoryPersistence();
    const module = await Test.createTestingModule({
      imports: [WorkflowModule.forRoot({ ...baseOptions(), persistence })],
    }).compile();
    expect(await persistence.definitionStore!.listVersions("order")).toEqual([]);
    await module.init();
    expect((await persistence.definitionStore!.listVersions("order")).map((v) => v.version)).toEqual([1]);
    await module.close();
  });

  it("is global: a feature module injects WorkflowService without importing WorkflowModule, after init", async () => {
    const seen: string[] = [];
    @Injectable()
    class FeatureService implements OnModuleInit {
      constructor(@Inject(WorkflowService) private readonly workflows: WorkflowService) {}
      async onModuleInit() {
        // The global module's initializer already ran: the definition is in the store.
        const versions = await this.workflows.listDefinitionVersions("order");
        seen.push(`versions:${versions.length}`);
      }
    }
    @Module({ providers: [FeatureService] })
    class FeatureModule {}
    const module = await Test.createTestingModule({
      imports: [FeatureModule, WorkflowModule.forRoot(baseOptions())],
    }).compile();
    await module.init();
    expect(seen).toEqual(["versions:1"]);
    await module.close();
  });
});
