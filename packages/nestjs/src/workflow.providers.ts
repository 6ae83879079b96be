import { Logger, type Provider } from "@nestjs/common";
import { DiscoveryService, ModuleRef } from "@nestjs/core";
import {
  InMemoryDefinitionRegistry,
  InMemoryGuardRegistry,
  WorkflowCompiler,
  WorkflowError,
  WorkflowRuntime,
  WorkflowValidator,
  type WorkflowClock,
  type WorkflowCommandRegistry,
  type WorkflowDefinitionRegistry,
  type WorkflowDefinitionStore,
  type WorkflowExecutionStore,
  type WorkflowGuardRegistry,
  type WorkflowHistoryStore,
  type WorkflowIdempotencyStore,
  type WorkflowInstanceStore,
  type WorkflowTransactionRunner,
} from "@duraflows/core";
import { discoverWorkflowCommands, mergeCommandRegistrations } from "./command-discovery.js";
import { NestCommandRegistry, type WorkflowCommandRegistration } from "./nest-command-registry.js";
import {
  WORKFLOW_CLOCK,
  WORKFLOW_COMMAND_REGISTRY,
  WORKFLOW_DEFINITION_REGISTRY,
  WORKFLOW_DEFINITION_STORE,
  WORKFLOW_EXECUTION_STORE,
  WORKFLOW_GUARD_REGISTRY,
  WORKFLOW_HISTORY_STORE,
  WORKFLOW_IDEMPOTENCY_STORE,
  WORKFLOW_INSTANCE_STORE,
  WORKFLOW_MODULE_OPTIONS,
  WORKFLOW_RUNTIME,
  WORKFLOW_TRANSACTION_RUNNER,
} from "./workflow.constants.js";
import { GUARDS_EXCLUSIVITY_MESSAGE } from "./workflow.messages.js";
import type { WorkflowModuleFactoryConfig } from "./workflow-module-options.js";
import { WorkflowPollerService } from "./workflow-poller.service.js";
import { WorkflowRuntimeInitializer } from "./workflow-runtime.initializer.js";
import { WorkflowTimeoutService } from "./workflow-timeout.service.js";
import { WorkflowService } from "./workflow.service.js";

type Options = WorkflowModuleFactoryConfig;

/**
 * Throws the guard exclusivity error when both a non-empty `guards` and a `guardRegistry` are given.
 *
 * @internal
 */
export function assertGuardExclusivity(options: Pick<Options, "guards" | "guardRegistry">): void {
  if ((options.guards?.length ?? 0) > 0 && options.guardRegistry !== undefined) {
    throw new WorkflowError(GUARDS_EXCLUSIVITY_MESSAGE);
  }
}

/**
 * The provider graph shared by `forRoot` and `forRootAsync`. Every factory reads WORKFLOW_MODULE_OPTIONS, so the
 * two entry points cannot drift; only the static `commands` list is captured here.
 *
 * @internal
 */
export function createWorkflowProviders(commands: WorkflowCommandRegistration[]): Provider[] {
  const logger = new Logger("WorkflowModule");
  const fromOptions = <T>(provide: symbol, pick: (options: Options) => T): Provider => ({
    provide,
    useFactory: pick,
    inject: [WORKFLOW_MODULE_OPTIONS],
  });
  return [
    ...commands.map((registration) => registration.useClass),
    {
      provide: WORKFLOW_COMMAND_REGISTRY,
      useFactory: (moduleRef: ModuleRef, discovery: DiscoveryService): NestCommandRegistry =>
        new NestCommandRegistry(
          moduleRef,
          mergeCommandRegistrations(commands, discoverWorkflowCommands(discovery)),
        ),
      inject: [ModuleRef, DiscoveryService],
    },
    fromOptions(WORKFLOW_GUARD_REGISTRY, (options): WorkflowGuardRegistry => {
      assertGuardExclusivity(options);
      if (options.guardRegistry !== undefined) return options.guardRegistry;
      const registry = new InMemoryGuardRegistry();
      for (const guard of options.guards ?? []) registry.register(guard.name, guard);
      return registry;
    }),
    {
      provide: WORKFLOW_DEFINITION_REGISTRY,
      useFactory: (options: Options, commandRegistry: NestCommandRegistry): WorkflowDefinitionRegistry => {
        const registry = new InMemoryDefinitionRegistry({
          validator: new WorkflowValidator(),
          compiler: new WorkflowCompiler(),
          validationOptions: {
            knownCommandNames: commandRegistry.getRegisteredNames(),
            knownGuardNames:
              options.guardRegistry !== undefined
                ? undefined
                : new Set((options.guards ?? []).map((guard) => guard.name)),
          },
          onValidationWarning: (workflowName, warning) =>
            logger.warn(`Workflow "${workflowName}": ${warning.message} (${warning.path})`),
        });
        for (const workflow of options.workflows) registry.register(workflow);
        return registry;
      },
      inject: [WORKFLOW_MODULE_OPTIONS, WORKFLOW_COMMAND_REGISTRY],
    },
    fromOptions(
      WORKFLOW_INSTANCE_STORE,
      (options): WorkflowInstanceStore => options.persistence.instanceStore,
    ),
    fromOptions(WORKFLOW_HISTORY_STORE, (options): WorkflowHistoryStore => options.persistence.historyStore),
    fromOptions(
      WORKFLOW_TRANSACTION_RUNNER,
      (options): WorkflowTransactionRunner => options.persistence.transactionRunner,
    ),
    fromOptions(
      WORKFLOW_DEFINITION_STORE,
      (options): WorkflowDefinitionStore | null => options.persistence.definitionStore ?? null,
    ),
    fromOptions(
      WORKFLOW_IDEMPOTENCY_STORE,
      (options): WorkflowIdempotencyStore | null => options.persistence.idempotencyStore ?? null,
    ),
    fromOptions(
      WORKFLOW_EXECUTION_STORE,
      (options): WorkflowExecutionStore | null => options.persistence.executionStore ?? null,
    ),
    fromOptions(WORKFLOW_CLOCK, (options): WorkflowClock => options.clock ?? { now: () => new Date() }),
    {
      provide: WORKFLOW_RUNTIME,
      useFactory: (
        options: Options,
        definitionRegistry: WorkflowDefinitionRegistry,
        commandRegistry: WorkflowCommandRegistry,
        guardRegistry: WorkflowGuardRegistry,
        instanceStore: WorkflowInstanceStore,
        historyStore: WorkflowHistoryStore,
        transactionRunner: WorkflowTransactionRunner,
        clock: WorkflowClock,
        definitionStore: WorkflowDefinitionStore | null,
        idempotencyStore: WorkflowIdempotencyStore | null,
        executionStore: WorkflowExecutionStore | null,
      ): WorkflowRuntime =>
        new WorkflowRuntime({
          definitionRegistry,
          commandRegistry,
          guardRegistry,
          instanceStore,
          historyStore,
          transactionRunner,
          clock,
          definitionStore: definitionStore ?? undefined,
          idempotencyStore: idempotencyStore ?? undefined,
          executionStore: executionStore ?? undefined,
          outboxStore: options.persistence.outboxStore,
          wakeNotifier: options.persistence.wakeNotifier,
          durableExecution: options.durableExecution,
          observers: options.observers,
          observerDelivery: options.observerDelivery,
          outbox: options.outboxDelivery,
          onObserverError: options.onObserverError,
          timeoutRetry: options.timeoutRetry,
          onUnresolvable: options.onUnresolvable,
        }),
      inject: [
        WORKFLOW_MODULE_OPTIONS,
        WORKFLOW_DEFINITION_REGISTRY,
        WORKFLOW_COMMAND_REGISTRY,
        WORKFLOW_GUARD_REGISTRY,
        WORKFLOW_INSTANCE_STORE,
        WORKFLOW_HISTORY_STORE,
        WORKFLOW_TRANSACTION_RUNNER,
        WORKFLOW_CLOCK,
        WORKFLOW_DEFINITION_STORE,
        WORKFLOW_IDEMPOTENCY_STORE,
        WORKFLOW_EXECUTION_STORE,
      ],
    },
    WorkflowService,
    WorkflowTimeoutService,
    WorkflowRuntimeInitializer,
    WorkflowPollerService,
  ];
}
