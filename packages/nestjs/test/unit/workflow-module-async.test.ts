import "reflect-metadata";
import { Injectable, Module, type DynamicModule, type Provider } from "@nestjs/common";
import { DiscoveryModule } from "@nestjs/core";
import { Test } from "@nestjs/testing";
import type { WorkflowPersistenceProvider } from "@duraflows/core";
import { createInMemoryPersistence, SimulatedClock } from "@duraflows/core/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  InMemoryGuardRegistry,
  WORKFLOW_CLOCK,
  WORKFLOW_DEFINITION_STORE,
  WORKFLOW_GUARD_REGISTRY,
  WORKFLOW_INSTANCE_STORE,
  WorkflowInstanceController,
  WorkflowModule,
  WorkflowService,
  type WorkflowModuleAsyncOptions,
  type WorkflowModuleFactoryConfig,
} from "../../src/index.js";
import { WORKFLOW_MODULE_OPTIONS } from "../../src/workflow.constants.js";
import { GUARDS_EXCLUSIVITY_MESSAGE } from "../../src/workflow.messages.js";
import { cancellableGuard, orderWorkflow } from "../fixtures/order-workflow.js";
import { explicitOrderCommands } from "../support/order-commands.js";

@Injectable()
class AppConfig {
  readonly persistence: WorkflowPersistenceProvider = createInMemoryPersistence();
  readonly clock = new SimulatedClock(new Date("2031-05-05T00:00:00.000Z"));
}

@Module({ providers: [AppConfig], exports: [AppConfig] })
class ConfigModule {}

const MISSING = Symbol("MISSING");

describe("WorkflowModule.forRootAsync", () => {
  it("returns a global module whose options provider is the factory, with the user imports", () => {
    const useFactory = (config: AppConfig): WorkflowModuleFactoryConfig => ({
      workflows: [orderWorkflow],
      persistence: config.persistence,
    });
    const dynamic = WorkflowModule.forRootAsync({ imports: [ConfigModule], inject: [AppConfig], useFactory });
    expect(dynamic.global).toBe(true);
    expect(dynamic.imports).toEqual([DiscoveryModule, ConfigModule]);
    expect(dynamic.controllers).toEqual([]);
    expect(dynamic.providers?.[0]).toEqual({
      provide: WORKFLOW_MODULE_OPTIONS,
      useFactory,
      inject: [AppConfig],
    });
    const withControllers = WorkflowModule.forRootAsync({ useFactory, enableControllers: true });
    expect(withControllers.controllers).toContain(WorkflowInstanceController);
  });

  it("shares forRoot's provider graph, controllers order and exports list", () => {
    const useFactory = (): WorkflowModuleFactoryConfig => ({
      workflows: [orderWorkflow],
      persistence: createInMemoryPersistence(),
    });
    const tokens = (module: DynamicModule) =>
      (module.providers as Provider[]).slice(1).map((p) => (typeof p === "function" ? p : p.provide));
    const asyncModule = WorkflowModule.forRootAsync({
      useFactory,
      commands: explicitOrderCommands,
      enableControllers: true,
    });
    const syncModule = WorkflowModule.forRoot({
      ...useFactory(),
      commands: explicitOrderCommands,
      enableControllers: true,
    });
    expect(asyncModule.module).toBe(WorkflowModule);
    expect(tokens(asyncModule)).toEqual(tokens(syncModule));
    expect(asyncModule.controllers).toEqual(syncModule.controllers);
    expect(asyncModule.exports).toEqual(syncModule.exports);
    expect(asyncModule.exports).not.toContain(WORKFLOW_DEFINITION_STORE);
  });

  it("forwards the factory result (persistence, clock, guards) and optional injections", async () => {
    const module = await Test.createTestingModule({
      imports: [
        WorkflowModule.forRootAsync({
          imports: [ConfigModule],
          inject: [AppConfig, { token: MISSING, optional: true }],
          useFactory: async (config: AppConfig, missing: unknown) => {
            expect(missing).toBeUndefined();
            return {
              workflows: [orderWorkflow],
              persistence: config.persistence,
              clock: config.clock,
              guards: [cancellableGuard],
            };
          },
          commands: explicitOrderCommands,
        }),
      ],
    }).compile();
    await module.init();
    const config = module.get(AppConfig);
    expect(module.get(WORKFLOW_INSTANCE_STORE)).toBe(config.persistence.instanceStore);
    expect(module.get(WORKFLOW_CLOCK)).toBe(config.clock);
    const instance = await module.get(WorkflowService).createInstance({ workflowName: "order" });
    expect(instance.createdAt.toISOString()).toBe("2031-05-05T00:00:00.000Z");
    expect(module.get(WORKFLOW_GUARD_REGISTRY).has("cancellable")).toBe(true);
    await module.close();
  });

  it("throws the guard exclusivity error when the guard registry provider resolves", async () => {
    const dynamic = WorkflowModule.forRootAsync({
      useFactory: () => ({
        workflows: [orderWorkflow],
        persistence: createInMemoryPersistence(),
        guards: [cancellableGuard],
        guardRegistry: new InMemoryGuardRegistry(),
      }),
      commands: explicitOrderCommands,
    });
    await expect(Test.createTestingModule({ imports: [dynamic] }).compile()).rejects.toThrow(
      GUARDS_EXCLUSIVITY_MESSAGE,
    );
  });

  it("types inject as a tuple matching the factory parameters", () => {
    type Options = WorkflowModuleAsyncOptions<[AppConfig, string]>;
    expectTypeOf<Options["inject"]>().toMatchTypeOf<readonly unknown[] | undefined>();
    const ok: Options = {
      inject: [AppConfig, { token: "NAME", optional: true }],
      useFactory: (config, name) => ({
        workflows: [orderWorkflow],
        persistence: config.persistence,
        clock: undefined,
        onUnresolvable: name === "x" ? "warn" : "fail",
      }),
    };
    expect(ok.inject).toHaveLength(2);
    const tooShort = (): Options["inject"] => {
      // @ts-expect-error inject has one token per factory parameter
      return [AppConfig];
    };
    expect(tooShort()).toHaveLength(1);
    WorkflowModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ workflows: [], persistence: config.persistence }),
    });
  });
});
