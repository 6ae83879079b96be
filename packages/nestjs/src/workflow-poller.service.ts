import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from "@nestjs/common";
import {
  InvalidArgumentError,
  WorkflowError,
  type WorkflowRuntime,
  type WorkflowExecutionStore,
} from "@duraflows/core";
import { IntervalPoller } from "./interval-poller.js";
import { WORKFLOW_EXECUTION_STORE, WORKFLOW_MODULE_OPTIONS, WORKFLOW_RUNTIME } from "./workflow.constants.js";
import { DURABLE_POLLER_WITHOUT_STORE_MESSAGE } from "./workflow.messages.js";
import type { WorkflowModuleFactoryConfig, WorkflowPollerOptions } from "./workflow-module-options.js";

const DEFAULT_BATCH_SIZE = 100;

/**
 * The opt-in built-in poller: with `timeouts` it calls `processExpiredWorkflows`, with `durableExecutions`
 * `processPendingExecutions`, every `pollIntervalMs`, starting once the application has bootstrapped and
 * stopping (awaiting the pass in flight) when the application shuts down. Inert without those options.
 *
 * @internal
 */
@Injectable()
export class WorkflowPollerService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger("WorkflowPollerService");
  private readonly pollers: IntervalPoller[] = [];

  /** Validates the poller options at provider creation, so a bad setting fails bootstrap. */
  constructor(
    @Inject(WORKFLOW_MODULE_OPTIONS) options: WorkflowModuleFactoryConfig,
    @Inject(WORKFLOW_RUNTIME) private readonly runtime: WorkflowRuntime,
    @Inject(WORKFLOW_EXECUTION_STORE) executionStore: WorkflowExecutionStore | null,
  ) {
    if (options.timeouts !== undefined) {
      const limit = validate("timeouts", options.timeouts);
      this.pollers.push(
        new IntervalPoller(
          "Timeout poll",
          options.timeouts.pollIntervalMs,
          () => this.sweepTimeouts(limit),
          this.logger,
        ),
      );
    }
    if (options.durableExecutions !== undefined) {
      const limit = validate("durableExecutions", options.durableExecutions);
      if (executionStore === null) throw new WorkflowError(DURABLE_POLLER_WITHOUT_STORE_MESSAGE);
      this.pollers.push(
        new IntervalPoller(
          "Durable execution poll",
          options.durableExecutions.pollIntervalMs,
          () => this.processExecutions(limit),
          this.logger,
        ),
      );
    }
  }

  /** Starts the configured loops. */
  onApplicationBootstrap(): void {
    for (const poller of this.pollers) poller.start();
  }

  /** Stops the loops before other modules tear down their resources (e.g. a pg pool). */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Same as {@link WorkflowPollerService.onModuleDestroy}; harmless when already stopped. */
  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Runs one pass of every configured loop now (skipping loops already running); used by tests and tools. */
  async pollNow(): Promise<void> {
    await Promise.all(this.pollers.map((poller) => poller.tick()));
  }

  private async stop(): Promise<void> {
    await Promise.all(this.pollers.map((poller) => poller.stop()));
  }

  private async sweepTimeouts(limit: number): Promise<void> {
    const result = await this.runtime.processExpiredWorkflows({ limit });
    if (result.failed.length > 0 || result.parked.length > 0) {
      this.logger.warn(
        `Timeout poll: ${result.failed.length} failed, ${result.parked.length} parked (${result.failed
          .concat(result.parked)
          .map((entry) => `${entry.uuid}: ${entry.error}`)
          .join("; ")})`,
      );
    }
  }

  private async processExecutions(limit: number): Promise<void> {
    const result = await this.runtime.processPendingExecutions({ limit });
    if (result.failed.length > 0 || result.parked.length > 0) {
      this.logger.warn(
        `Durable execution poll: ${result.failed.length} failed, ${result.parked.length} parked (${[
          ...result.failed.map((entry) => `${entry.uuid}: ${entry.error}`),
          ...result.parked,
        ].join("; ")})`,
      );
    }
  }
}

function validate(name: string, options: WorkflowPollerOptions): number {
  assertPositiveInteger(`${name}.pollIntervalMs`, options.pollIntervalMs);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  assertPositiveInteger(`${name}.batchSize`, batchSize);
  return batchSize;
}

function assertPositiveInteger(name: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${String(value)}`);
  }
}
