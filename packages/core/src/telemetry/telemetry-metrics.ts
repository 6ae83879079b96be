/** Metric names duraflows records (attributes are low-cardinality: no uuids). */
export const TelemetryMetrics = Object.freeze({
  /** Counter of finished transitions by workflow, event and outcome. */
  transitions: "duraflows.transitions",
  /** Histogram (seconds) of a trigger, a timeout or an onEnter hop, by workflow, event and outcome. */
  transitionDuration: "duraflows.transition.duration",
  /** Histogram (seconds) of one command, by command name and outcome. */
  commandDuration: "duraflows.command.duration",
  /** Counter of guard rejections by workflow, event and guard. */
  guardRejections: "duraflows.guard.rejections",
  /** Counter of swept timeouts by workflow and result (`fired`, `rejected`, `failed`, `parked`). */
  timeouts: "duraflows.timeouts",
  /** Counter of worker outcomes of durable executions by workflow and status. */
  executions: "duraflows.executions",
  /** Histogram (seconds) from a worker's claim of a durable execution to the end of its step, by workflow and status. */
  claimToFinish: "duraflows.execution.claim_to_finish",
  /** Observable gauge (seconds): now minus the oldest overdue timeout, 0 when none is overdue. */
  timeoutLag: "duraflows.timeout.lag",
  /** Observable gauge of waiting work by `duraflows.queue` (`timeout`: overdue timeouts, `execution`: pending executions). */
  queueDepth: "duraflows.queue.depth",
  /** Observable gauge of durable executions in the store by status. */
  executionCount: "duraflows.execution.count",
});
