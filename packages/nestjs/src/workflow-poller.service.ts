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
  startWorker,
  WorkflowError,
  type StartWorkerOptions,
  type WorkerPassReport,
  type WorkflowExecutionStore,
  type WorkflowRuntime,
  type WorkflowWorker,
} from "@duraflows/core";
import { WORKFLOW_EXECUTION_STORE, WORKFLOW_MODULE_OPTIONS, WORKFLOW_RUNTIME } from "./workflow.constants.js";
import {
  DURABLE_POLLER_WITHOUT_STORE_MESSAGE,
  OUTBOX_POLLER_WITHOUT_STORE_MESSAGE,
} from "./workflow.messages.js";
import type { WorkflowModuleFactoryConfig, WorkflowPollerOptions } from "./workflow-module-options.js";

const DEFAULT_BATCH_SIZE = 100;

/**
 * The opt-in built-in poller: with `timeouts` it calls `processExpiredWorkflows`, with `durableExecutions`
 * `processPendingExecutions`, with `outbox` `relayOutbox`, every `pollIntervalMs` (and at once on a `wake`-up), starting once the application has bootstrapped and
 * stopping (awaiting the pass in flight) when the application shuts down. Inert without those options.
 * Each loop is a core `startWorker`, so passes never overlap and a failing pass is logged, not thrown.
 *
 * @internal
 */
@Injectable()
export class WorkflowPollerService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger("WorkflowPollerService");
  private readonly loops: StartWorkerOptions[] = [];
  private workers: WorkflowWorker[] | undefined;

  /** Validates the poller options at provider creation, so a bad setting fails bootstrap. */
  constructor(
    @Inject(WORKFLOW_MODULE_OPTIONS) options: WorkflowModuleFactoryConfig,
    @Inject(WORKFLOW_RUNTIME) private readonly runtime: WorkflowRuntime,
    @Inject(WORKFLOW_EXECUTION_STORE) executionStore: WorkflowExecutionStore | null,
  ) {
    if (options.timeouts !== undefined) {
      const limit = validate("timeouts", options.timeouts);
      this.loops.push(
        this.loop("Timeout poll", options.timeouts, { timeouts: { limit } }, (report) =>
          this.warnTimeouts(report),
        ),
      );
    }
    if (options.durableExecutions !== undefined) {
      const limit = validate("durableExecutions", options.durableExecutions);
      if (executionStore === null) throw new WorkflowError(DURABLE_POLLER_WITHOUT_STORE_MESSAGE);
      this.loops.push(
        this.loop("Durable execution poll", options.durableExecutions, { executions: { limit } }, (report) =>
          this.warnExecutions(report),
        ),
      );
    }
    if (options.outbox !== undefined) {
      const limit = validate("outbox", options.outbox);
      if (!options.persistence.outboxStore) throw new WorkflowError(OUTBOX_POLLER_WITHOUT_STORE_MESSAGE);
      const retainDeliveredMs = options.outbox.retainDeliveredMs;
      this.loops.push(
        this.loop(
          "Outbox relay",
          options.outbox,
          { outbox: { limit, ...(retainDeliveredMs !== undefined ? { retainDeliveredMs } : {}) } },
          (report) => this.warnOutbox(report),
        ),
      );
    }
    if (options.wake) for (const loop of this.loops) loop.wake = options.wake;
  }

  /** Starts the configured loops; the first pass of each runs one interval after bootstrap. */
  onApplicationBootstrap(): void {
    this.workers ??= this.loops.map((loop) => startWorker(this.runtime, loop));
  }

  /** Stops the loops before other modules tear down their resources (e.g. a pg pool). */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Same as {@link WorkflowPollerService.onModuleDestroy}; harmless when already stopped. */
  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Runs one pass of every configured loop now (joining loops already running); used by tests and tools. */
  async pollNow(): Promise<void> {
    if (this.workers) {
      await Promise.all(this.workers.map((worker) => worker.runOnce()));
      return;
    }
    // Not started yet: a worker born stopped (aborted signal) schedules nothing but still runs explicit passes.
    const idle = AbortSignal.abort();
    await Promise.all(
      this.loops.map((loop) => startWorker(this.runtime, { ...loop, signal: idle }).runOnce()),
    );
  }

  private async stop(): Promise<void> {
    await Promise.all((this.workers ?? []).map((worker) => worker.stop()));
  }

  private loop(
    label: string,
    poller: WorkflowPollerOptions,
    jobs: StartWorkerOptions,
    onPass: (report: WorkerPassReport) => void,
  ): StartWorkerOptions {
    return {
      ...jobs,
      intervalMs: poller.pollIntervalMs,
      immediate: false,
      onPass,
      onError: (error) => {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`${label} failed: ${message}`, error instanceof Error ? error.stack : undefined);
      },
    };
  }

  private warnTimeouts({ timeouts: result }: WorkerPassReport): void {
    if (!result || (result.failed.length === 0 && result.parked.length === 0)) return;
    this.logger.warn(
      `Timeout poll: ${result.failed.length} failed, ${result.parked.length} parked (${result.failed
        .concat(result.parked)
        .map((entry) => `${entry.uuid}: ${entry.error}`)
        .join("; ")})`,
    );
  }

  private warnOutbox({ outbox: result }: WorkerPassReport): void {
    if (!result || (result.retried === 0 && result.parked === 0)) return;
    this.logger.warn(`Outbox relay: ${result.retried} retried, ${result.parked} parked`);
  }

  private warnExecutions({ executions: result }: WorkerPassReport): void {
    if (!result || (result.failed.length === 0 && result.parked.length === 0)) return;
    this.logger.warn(
      `Durable execution poll: ${result.failed.length} failed, ${result.parked.length} parked (${[
        ...result.failed.map((entry) => `${entry.uuid}: ${entry.error}`),
        ...result.parked,
      ].join("; ")})`,
    );
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
