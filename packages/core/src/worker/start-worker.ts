import { describeThrown } from "../errors/describe-thrown.js";
import { InvalidArgumentError } from "../errors/workflow-error.js";
import { assertPositiveSafeInteger } from "../util/assert-integer.js";
import type { WorkflowWakeSignal } from "../model/wake-signal.js";
import type {
  StartWorkerOptions,
  WorkerErrorContext,
  WorkerLoop,
  WorkerLoopOptions,
  WorkerOutboxOptions,
  WorkerPassReport,
  WorkerRetentionOptions,
  WorkerRuntime,
  WorkflowWorker,
} from "./types.js";

const DEFAULT_INTERVAL_MS = 1000;
const DEFAULT_LIMIT = 100;

/** Resolves a job setting to its `limit`, or `undefined` when the job is off. */
function loopLimit(name: WorkerLoop, setting: boolean | WorkerLoopOptions | undefined): number | undefined {
  if (setting === undefined || setting === false) return undefined;
  if (setting === true) return DEFAULT_LIMIT;
  if (typeof setting !== "object" || setting === null) {
    throw new InvalidArgumentError(`${name} must be a boolean or an options object, got ${String(setting)}`);
  }
  const limit = setting.limit ?? DEFAULT_LIMIT;
  assertPositiveSafeInteger(`${name}.limit`, limit);
  return limit;
}

const DEFAULT_RETENTION_EVERY_MS = 3_600_000;
const DEFAULT_RETENTION_BATCHES = 10;

/** Validates the retention settings and returns the job, or `undefined` when it is off. */
function retentionJob(
  runtime: WorkerRuntime,
  setting: WorkerRetentionOptions | undefined,
): ((now: number) => Promise<NonNullable<WorkerPassReport["retention"]>>) | undefined {
  if (setting === undefined) return undefined;
  if (typeof setting !== "object" || setting === null)
    throw new InvalidArgumentError(`retention must be an options object, got ${String(setting)}`);
  const { history, instances } = setting;
  if (!history && !instances)
    throw new InvalidArgumentError("retention needs at least one of `history` and `instances`");
  if (history) {
    if (!runtime.pruneHistory) throw new InvalidArgumentError("retention.history needs runtime.pruneHistory");
    if (history.olderThanMs !== undefined)
      assertPositiveSafeInteger("retention.history.olderThanMs", history.olderThanMs);
  }
  if (instances) {
    if (!runtime.purgeInstances)
      throw new InvalidArgumentError("retention.instances needs runtime.purgeInstances");
    assertPositiveSafeInteger("retention.instances.terminalForMs", instances.terminalForMs);
  }
  return async (now) => {
    const result: NonNullable<WorkerPassReport["retention"]> = {};
    if (history) {
      result.history = await runtime.pruneHistory!({
        ...(history.olderThanMs !== undefined ? { olderThan: new Date(now - history.olderThanMs) } : {}),
        ...(history.keepLast !== undefined ? { keepLast: history.keepLast } : {}),
        ...(history.batchSize !== undefined ? { batchSize: history.batchSize } : {}),
        maxBatches: history.maxBatches ?? DEFAULT_RETENTION_BATCHES,
      });
    }
    if (instances) {
      result.instances = await runtime.purgeInstances!({
        terminalBefore: new Date(now - instances.terminalForMs),
        ...(instances.workflowName !== undefined ? { workflowName: instances.workflowName } : {}),
        ...(instances.batchSize !== undefined ? { batchSize: instances.batchSize } : {}),
        maxBatches: instances.maxBatches ?? DEFAULT_RETENTION_BATCHES,
      });
    }
    return result;
  };
}

const DEFAULT_RETAIN_DELIVERED_MS = 86_400_000;
const OUTBOX_PRUNE_EVERY_MS = 60_000;

interface OutboxJob {
  limit: number;
  retainDeliveredMs: number | false;
}

/** Validates the outbox settings and returns the job, or `undefined` when it is off. */
function outboxJob(
  runtime: WorkerRuntime,
  setting: boolean | WorkerOutboxOptions | undefined,
): OutboxJob | undefined {
  if (setting === undefined || setting === false) return undefined;
  if (setting !== true && (typeof setting !== "object" || setting === null)) {
    throw new InvalidArgumentError(`outbox must be a boolean or an options object, got ${String(setting)}`);
  }
  if (!runtime.relayOutbox || !runtime.pruneOutbox)
    throw new InvalidArgumentError("outbox needs runtime.relayOutbox and runtime.pruneOutbox");
  const options = setting === true ? {} : setting;
  const limit = options.limit ?? DEFAULT_LIMIT;
  assertPositiveSafeInteger("outbox.limit", limit);
  const retainDeliveredMs = options.retainDeliveredMs ?? DEFAULT_RETAIN_DELIVERED_MS;
  if (retainDeliveredMs !== false) assertPositiveSafeInteger("outbox.retainDeliveredMs", retainDeliveredMs);
  return { limit, retainDeliveredMs };
}

function defaultOnError(error: unknown, context: WorkerErrorContext): void {
  console.error(`[duraflows] worker ${context.loop} pass failed: ${describeThrown(error)}`);
}

/** Calls a user hook; a hook that throws must not stop the worker. */
function callHook<A extends unknown[]>(hook: ((...args: A) => void) | undefined, ...args: A): void {
  if (!hook) return;
  try {
    hook(...args);
  } catch {
    // Ignored on purpose: a logging hook must not take the worker down.
  }
}

/**
 * Runs the timeout sweeper, the durable-execution worker and/or the outbox relay of `runtime` on an interval,
 * in the background, until stopped. With `wake`, a wake-up (a `NOTIFY`) starts a pass at once; the interval
 * stays as the fallback. Passes never overlap: a tick that comes while a pass runs is skipped. A pass calls
 * `processExpiredWorkflows` then `processPendingExecutions` (the enabled ones), each with its `limit`; an
 * exception is passed to `onError` and the worker keeps going. Several workers (in one process or many) may
 * run against the same database: both calls claim their rows with row locks.
 *
 * Stopping (`stop()` or the `signal`) is graceful: no new pass starts, the pass in flight finishes its batch,
 * then `stop()` and `stopped` resolve.
 *
 * @param runtime - the runtime to drive (only its two processing methods are used).
 * With `retention`, a pass also prunes history and/or purges finished instances when that job is due (at most
 * once per `retention.everyMs`, each call limited to `maxBatches` batches so a pass stays short).
 *
 * @param options - which jobs to run and how often; at least one of `timeouts`, `executions`, `outbox` and
 * `retention`.
 * @returns a handle with `stop()`, `runOnce()`, `stopped` and `running`.
 * @throws InvalidArgumentError when no job is enabled or an interval or limit is not a positive integer.
 *
 * @example
 * ```ts
 * const worker = startWorker(runtime, { timeouts: true, executions: { limit: 20 }, intervalMs: 5_000 });
 * process.once("SIGTERM", () => void worker.stop().then(() => pool.end()));
 * ```
 */
export function startWorker(runtime: WorkerRuntime, options: StartWorkerOptions = {}): WorkflowWorker {
  const timeoutLimit = loopLimit("timeouts", options.timeouts);
  const executionLimit = loopLimit("executions", options.executions);
  const retention = retentionJob(runtime, options.retention);
  const outbox = outboxJob(runtime, options.outbox);
  let outboxPruneDueAt = 0;
  const retentionEveryMs = options.retention?.everyMs ?? DEFAULT_RETENTION_EVERY_MS;
  assertPositiveSafeInteger("retention.everyMs", retentionEveryMs);
  let retentionDueAt = 0;
  if (
    timeoutLimit === undefined &&
    executionLimit === undefined &&
    retention === undefined &&
    outbox === undefined
  ) {
    throw new InvalidArgumentError("startWorker needs at least one of `timeouts` and `executions`");
  }
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  assertPositiveSafeInteger("intervalMs", intervalMs);
  const onError = options.onError ?? defaultOnError;

  let timer: ReturnType<typeof setInterval> | undefined;
  let inFlight: Promise<WorkerPassReport> | undefined;
  // A wake-up (or a full outbox batch) during a pass: run one more pass as soon as this one ends.
  let again = false;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Infinity;
  let unsubscribe: (() => void) | undefined;
  let running = true;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));

  const pass = async (): Promise<WorkerPassReport> => {
    const report: WorkerPassReport = { errors: [] };
    if (timeoutLimit !== undefined) {
      try {
        report.timeouts = await runtime.processExpiredWorkflows({ limit: timeoutLimit });
      } catch (error) {
        report.errors.push({ loop: "timeouts", error });
        callHook(onError, error, { loop: "timeouts" });
      }
    }
    if (executionLimit !== undefined) {
      try {
        report.executions = await runtime.processPendingExecutions({ limit: executionLimit });
      } catch (error) {
        report.errors.push({ loop: "executions", error });
        callHook(onError, error, { loop: "executions" });
      }
    }
    if (outbox !== undefined) {
      try {
        report.outbox = await runtime.relayOutbox!({ limit: outbox.limit });
        if (report.outbox.claimed >= outbox.limit) again = true;
      } catch (error) {
        report.errors.push({ loop: "outbox", error });
        callHook(onError, error, { loop: "outbox" });
      }
      if (outbox.retainDeliveredMs !== false && Date.now() >= outboxPruneDueAt) {
        outboxPruneDueAt = Date.now() + OUTBOX_PRUNE_EVERY_MS;
        try {
          await runtime.pruneOutbox!({
            deliveredBefore: new Date(Date.now() - outbox.retainDeliveredMs),
            maxBatches: DEFAULT_RETENTION_BATCHES,
          });
        } catch (error) {
          report.errors.push({ loop: "outbox", error });
          callHook(onError, error, { loop: "outbox" });
        }
      }
    }
    const now = Date.now();
    if (retention !== undefined && now >= retentionDueAt) {
      // Scheduled from the start of this run, whether it succeeds or not, so a failing database is not hammered.
      retentionDueAt = now + retentionEveryMs;
      try {
        report.retention = await retention(now);
      } catch (error) {
        report.errors.push({ loop: "retention", error });
        callHook(onError, error, { loop: "retention" });
      }
    }
    callHook(options.onPass, report);
    return report;
  };

  const runOnce = (): Promise<WorkerPassReport> => {
    if (inFlight) return inFlight;
    again = false;
    const current = pass().finally(() => {
      inFlight = undefined;
      if (again && running) {
        again = false;
        void runOnce();
      }
    });
    inFlight = current;
    return current;
  };

  /** Runs a pass now, or right after the one in flight. */
  const wakeNow = (): void => {
    if (!running) return;
    if (inFlight) again = true;
    else void runOnce();
  };

  const onWake = (signal: WorkflowWakeSignal): void => {
    if (signal.kind !== "timeout") return wakeNow();
    const at = signal.at.getTime();
    const delay = at - Date.now();
    if (delay <= 0) return wakeNow();
    // One timer, for the earliest announced deadline; later ones wait for it or for the interval.
    if (delay >= intervalMs || at >= wakeAt) return;
    if (wakeTimer !== undefined) clearTimeout(wakeTimer);
    wakeAt = at;
    wakeTimer = setTimeout(() => {
      wakeTimer = undefined;
      wakeAt = Infinity;
      wakeNow();
    }, delay);
  };

  const stop = (): Promise<void> => {
    if (running) {
      running = false;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      if (wakeTimer !== undefined) clearTimeout(wakeTimer);
      wakeTimer = undefined;
      unsubscribe?.();
      unsubscribe = undefined;
      options.signal?.removeEventListener("abort", onAbort);
      const last = inFlight ?? Promise.resolve();
      void last.then(resolveStopped, resolveStopped);
    }
    return stopped;
  };
  const onAbort = (): void => void stop();

  if (options.signal?.aborted) {
    void stop();
  } else {
    options.signal?.addEventListener("abort", onAbort, { once: true });
    timer = setInterval(() => void runOnce(), intervalMs);
    if (options.wake) unsubscribe = options.wake.subscribe(onWake);
    if (options.immediate !== false) void runOnce();
  }

  return {
    stop,
    runOnce,
    stopped,
    get running() {
      return running;
    },
  };
}
