import { Module, type DynamicModule, type FactoryProvider, type Type } from "@nestjs/common";
import { DiscoveryModule } from "@nestjs/core";
import { WorkflowEventController } from "./controllers/workflow-event.controller.js";
import { WorkflowExecutionController } from "./controllers/workflow-execution.controller.js";
import { WorkflowInstanceController } from "./controllers/workflow-instance.controller.js";
import { WorkflowQueryController } from "./controllers/workflow-query.controller.js";
import { WorkflowTimeoutController } from "./controllers/workflow-timeout.controller.js";
import {
  WORKFLOW_CLOCK,
  WORKFLOW_COMMAND_REGISTRY,
  WORKFLOW_DEFINITION_REGISTRY,
  WORKFLOW_EXECUTION_STORE,
  WORKFLOW_GUARD_REGISTRY,
  WORKFLOW_HISTORY_STORE,
  WORKFLOW_IDEMPOTENCY_STORE,
  WORKFLOW_INSTANCE_STORE,
  WORKFLOW_MODULE_OPTIONS,
  WORKFLOW_RUNTIME,
  WORKFLOW_TRANSACTION_RUNNER,
} from "./workflow.constants.js";
import type { WorkflowModuleAsyncOptions, WorkflowModuleOptions } from "./workflow-module-options.js";
import { assertGuardExclusivity, createWorkflowProviders } from "./workflow.providers.js";
import { WorkflowTimeoutService } from "./workflow-timeout.service.js";
import { WorkflowService } from "./workflow.service.js";

// The execution controller comes first: its literal `executions/...` routes must be matched before the
// parameterised instance routes.
const CONTROLLERS: Type[] = [
  WorkflowExecutionController,
  WorkflowInstanceController,
  WorkflowEventController,
  WorkflowQueryController,
  WorkflowTimeoutController,
];

const EXPORTS = [
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

/**
 * The global duraflows module: registers the workflows, commands and guards, builds the `WorkflowRuntime`,
 * initializes it on module init and, with `enableControllers: true`, exposes the REST routes.
 */
@Module({})
export class WorkflowModule {
  /**
   * Configures the module with static options. Throws at once when both `guards` and `guardRegistry` are given.
   *
   * @example
   * ```ts
   * @Module({
   *   imports: [
   *     WorkflowModule.forRoot({
   *       workflows: [orderWorkflow],
   *       commands: [{ name: "chargePayment", useClass: ChargePaymentCommand }],
   *       persistence: pgWorkflowProviders(pool),
   *       enableControllers: true,
   *     }),
   *   ],
   * })
   * export class AppModule {}
   * ```
   */
  static forRoot(options: WorkflowModuleOptions): DynamicModule {
    assertGuardExclusivity(options);
    return {
      module: WorkflowModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: options.enableControllers ? CONTROLLERS : [],
      providers: [
        { provide: WORKFLOW_MODULE_OPTIONS, useValue: options },
        ...createWorkflowProviders(options.commands ?? []),
      ],
      exports: EXPORTS,
    };
  }

  /**
   * Configures the module from a factory with injected dependencies. `commands` and `enableControllers` are
   * static; everything else (including `observers`) comes from the factory result.
   *
   * @example
   * ```ts
   * WorkflowModule.forRootAsync({
   *   imports: [DatabaseModule],
   *   inject: [PG_POOL],
   *   useFactory: (pool: Pool) => ({ workflows: [orderWorkflow], persistence: pgWorkflowProviders(pool) }),
   *   enableControllers: true,
   * });
   * ```
   */
  static forRootAsync<TArgs extends unknown[] = unknown[]>(
    options: WorkflowModuleAsyncOptions<TArgs>,
  ): DynamicModule {
    const optionsProvider: FactoryProvider = {
      provide: WORKFLOW_MODULE_OPTIONS,
      useFactory: options.useFactory as FactoryProvider["useFactory"],
      inject: (options.inject ?? []) as FactoryProvider["inject"],
    };
    return {
      module: WorkflowModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      controllers: options.enableControllers ? CONTROLLERS : [],
      providers: [optionsProvider, ...createWorkflowProviders(options.commands ?? [])],
      exports: EXPORTS,
    };
  }
}
