import type { ProcessPendingExecutionsResult } from "../model/durable-inputs.js";
import type { PruneHistoryResult, PurgeInstancesResult } from "../runtime/history-retention.js";
import type { RelayOutboxResult } from "../model/outbox.js";
import type { ProcessExpiredWorkflowsResult } from "../model/timeout-sweep.js";
import type { WorkflowWakeSignal } from "../model/wake-signal.js";
import type { WorkflowRuntime } from "../runtime/workflow-runtime.js";

/** The jobs a worker can run on a pass. */
export type WorkerLoop = "timeouts" | "executions" | "outbox" | "retention";

/** Settings of one job of {@link startWorker}: `true` enables it with the defaults. */
export interface WorkerLoopOptions {
  /** `limit` of each call (`processExpiredWorkflows` / `processPendingExecutions`); positive integer, default 100. */
  limit?: number;
}

/**
 * Settings of the worker's retention job: history pruning and/or terminal-instance purging, run at most once
 * per `everyMs` (checked at the start of each pass), each call bounded by `maxBatches`.
 */
export interface WorkerRetentionOptions {
  /** Milliseconds between two retention runs; positive integer, default 3,600,000 (one hour). */
  everyMs?: number;
  /** Prune history (`pruneHistory`): rows older than `olderThanMs` and/or beyond the newest `keepLast`. */
  history?: {
    olderThanMs?: number;
    keepLast?: number;
    batchSize?: number;
    /** Batches per run; default 10, so one pass stays short. */
    maxBatches?: number;
  };
  /** Purge instances (`purgeInstances`) resting in a terminal state for longer than `terminalForMs`. */
  instances?: {
    terminalForMs: number;
    workflowName?: string;
    batchSize?: number;
    /** Batches per run; default 10. */
    maxBatches?: number;
  };
}

/** Settings of the worker's outbox relay job. */
export interface WorkerOutboxOptions {
  /** Rows claimed per relay call; positive integer, default 100. A full batch runs another pass at once. */
  limit?: number;
  /**
   * Delivered rows are deleted once they are older than this many ms (checked at most once a minute);
   * positive integer, default 86,400,000 (one day). `false` keeps them.
   */
  retainDeliveredMs?: number | false;
}

/**
 * The runtime methods a worker calls; a `WorkflowRuntime` fits. The retention job needs `pruneHistory` /
 * `purgeInstances`, the outbox job `relayOutbox` and `pruneOutbox`.
 */
export type WorkerRuntime = Pick<WorkflowRuntime, "processExpiredWorkflows" | "processPendingExecutions"> &
  Partial<Pick<WorkflowRuntime, "pruneHistory" | "purgeInstances" | "relayOutbox" | "pruneOutbox">>;

/** What {@link startWorker} passes to `onError`. */
export interface WorkerErrorContext {
  /** The job whose call threw. */
  loop: WorkerLoop;
}

/** What one pass did: the result of each enabled job, or the error it threw. */
export interface WorkerPassReport {
  /** The timeout sweep's result; absent when the job is disabled or threw. */
  timeouts?: ProcessExpiredWorkflowsResult;
  /** The durable-execution pass's result; absent when the job is disabled or threw. */
  executions?: ProcessPendingExecutionsResult;
  /** The outbox relay's result; absent when the job is disabled or threw. */
  outbox?: RelayOutboxResult;
  /** What the retention job did; absent when it is disabled, not due this pass, or threw. */
  retention?: { history?: PruneHistoryResult; instances?: PurgeInstancesResult };
  /** The jobs that threw during this pass, in the order they ran. */
  errors: { loop: WorkerLoop; error: unknown }[];
}

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** Sweep due timeouts (`processExpiredWorkflows`) on each pass. Default: off. */
  timeouts?: boolean | WorkerLoopOptions;
  /** Advance durable executions (`processPendingExecutions`) on each pass. Default: off. */
  executions?: boolean | WorkerLoopOptions;
  /** Deliver outbox rows (`relayOutbox`) on each pass and prune delivered ones. Default: off. */
  outbox?: boolean | WorkerOutboxOptions;
  /**
   * Wake-ups that start a pass at once instead of at the next interval (e.g. `createPgWakeSource(pool)`,
   * `LISTEN` on a dedicated connection). Polling goes on as the fallback. A timeout signal wakes the worker at
   * the timeout's due time.
   */
  wake?: WorkflowWakeSource;
  /** Prune history and/or purge finished instances on a slower schedule of its own. Default: off. */
  retention?: WorkerRetentionOptions;
  /** Milliseconds between the starts of two passes; positive integer, default 1000. */
  intervalMs?: number;
  /** Run the first pass at once (default `true`); `false` waits one interval first. */
  immediate?: boolean;
  /** Aborting it stops the worker, exactly like `stop()`. */
  signal?: AbortSignal;
  /**
   * Called when a job throws (a database outage, a runtime without an execution store). The worker keeps
   * running. Default: prints the message with `console.error`. An exception thrown by the hook is ignored.
   */
  onError?: (error: unknown, context: WorkerErrorContext) => void;
  /** Called after every pass with what it did (e.g. to log failed or parked entries). Exceptions are ignored. */
  onPass?: (report: WorkerPassReport) => void;
}

/** A running worker, returned by {@link startWorker}. */
export interface WorkflowWorker {
  /**
   * Stops scheduling passes, waits for the pass in flight to finish, then resolves. Idempotent; every call
   * returns the same promise as {@link WorkflowWorker.stopped}.
   */
  stop(): Promise<void>;
  /**
   * Runs one pass now and resolves with its report. When a pass is already running, resolves with that pass's
   * report instead of starting another, so passes never overlap. Works after `stop()` too (an explicit call).
   */
  runOnce(): Promise<WorkerPassReport>;
  /** Resolves once the worker has stopped and its last pass has finished. Never rejects. */
  readonly stopped: Promise<void>;
  /** `true` until `stop()` is called or the signal aborts. */
  readonly running: boolean;
}

/** A stream of wake-ups a worker subscribes to (e.g. `LISTEN` on a dedicated connection). */
export interface WorkflowWakeSource {
  /** Starts delivering signals to `listener`; returns the function that stops. */
  subscribe(listener: (signal: WorkflowWakeSignal) => void): () => void;
}
