/** Source of every timestamp the runtime writes. Inject a fixed or simulated clock in tests. */
export interface WorkflowClock {
  now(): Date;
}
