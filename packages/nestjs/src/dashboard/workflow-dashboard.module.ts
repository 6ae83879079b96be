import { createDashboard, type DashboardHandler, type DashboardOptions } from "@duraflows/dashboard";
import type {
  WorkflowClock,
  WorkflowDefinitionRegistry,
  WorkflowDefinitionStore,
  WorkflowExecutionStore,
  WorkflowInstanceStore,
  WorkflowRuntime,
} from "@duraflows/core";
import { Inject, Module, type DynamicModule, type FactoryProvider, type OnModuleInit } from "@nestjs/common";
import { HttpAdapterHost, ModuleRef } from "@nestjs/core";
import {
  WORKFLOW_CLOCK,
  WORKFLOW_DEFINITION_REGISTRY,
  WORKFLOW_DEFINITION_STORE,
  WORKFLOW_EXECUTION_STORE,
  WORKFLOW_INSTANCE_STORE,
  WORKFLOW_RUNTIME,
} from "../workflow.constants.js";
import type {
  WorkflowDashboardAsyncOptions,
  WorkflowDashboardOptions,
} from "./workflow-dashboard-options.js";

/** DI token of the resolved dashboard options. @internal */
const WORKFLOW_DASHBOARD_OPTIONS = Symbol("WORKFLOW_DASHBOARD_OPTIONS");
/** DI token of the dashboard's Node request handler (built on the `WorkflowModule`'s runtime). */
export const WORKFLOW_DASHBOARD_HANDLER = Symbol("WORKFLOW_DASHBOARD_HANDLER");

const handlerProvider: FactoryProvider = {
  provide: WORKFLOW_DASHBOARD_HANDLER,
  inject: [
    WORKFLOW_DASHBOARD_OPTIONS,
    WORKFLOW_RUNTIME,
    WORKFLOW_INSTANCE_STORE,
    WORKFLOW_EXECUTION_STORE,
    WORKFLOW_DEFINITION_REGISTRY,
    WORKFLOW_CLOCK,
    ModuleRef,
  ],
  useFactory: (
    options: WorkflowDashboardOptions,
    runtime: WorkflowRuntime,
    instanceStore: WorkflowInstanceStore,
    executionStore: WorkflowExecutionStore | null,
    definitionRegistry: WorkflowDefinitionRegistry,
    clock: WorkflowClock,
    moduleRef: ModuleRef,
  ): DashboardHandler => {
    // The WorkflowModule provides the definition store without exporting it; the version pages read it.
    const definitionStore = moduleRef.get<unknown, WorkflowDefinitionStore | null>(
      WORKFLOW_DEFINITION_STORE,
      {
        strict: false,
      },
    );
    const persistence: DashboardOptions["persistence"] = { instanceStore };
    if (executionStore) persistence.executionStore = executionStore;
    if (definitionStore) persistence.definitionStore = definitionStore;
    return createDashboard({ clock, ...options, runtime, persistence, definitionRegistry });
  },
};

/**
 * Serves `@duraflows/dashboard` inside a NestJS application, on the runtime, stores and registry of its
 * `WorkflowModule`. The handler is mounted on the underlying HTTP server (Express) at `basePath`; requests
 * outside `basePath` go on to the application's routes. `auth` is required, as with `createDashboard`.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     WorkflowModule.forRoot({ workflows: [orderWorkflow], persistence: pgWorkflowProviders(pool) }),
 *     WorkflowDashboardModule.forRoot({ basePath: "/dashboard", auth: (req) => sessionIdentity(req) }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
export class WorkflowDashboardModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WORKFLOW_DASHBOARD_HANDLER) private readonly handler: DashboardHandler,
  ) {}

  /** Mounts the dashboard with static options. */
  static forRoot(options: WorkflowDashboardOptions): DynamicModule {
    return {
      module: WorkflowDashboardModule,
      providers: [{ provide: WORKFLOW_DASHBOARD_OPTIONS, useValue: options }, handlerProvider],
      exports: [WORKFLOW_DASHBOARD_HANDLER],
    };
  }

  /** Mounts the dashboard with options from a factory, e.g. an `auth` that uses an injected session service. */
  static forRootAsync<TArgs extends unknown[] = unknown[]>(
    options: WorkflowDashboardAsyncOptions<TArgs>,
  ): DynamicModule {
    return {
      module: WorkflowDashboardModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: WORKFLOW_DASHBOARD_OPTIONS,
          useFactory: options.useFactory as FactoryProvider["useFactory"],
          inject: (options.inject ?? []) as FactoryProvider["inject"],
        },
        handlerProvider,
      ],
      exports: [WORKFLOW_DASHBOARD_HANDLER],
    };
  }

  /**
   * Nest has registered the application's routes but not yet its not-found handler at this point, so the
   * dashboard sees every request no route took, and passes on those outside its `basePath`.
   */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // An application context without an HTTP server serves nothing.
    adapter.use(this.handler);
  }
}
