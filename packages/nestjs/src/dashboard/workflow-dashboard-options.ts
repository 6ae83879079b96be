import type { DashboardOptions } from "@duraflows/dashboard";
import type { ModuleMetadata } from "@nestjs/common";

/**
 * Options of `WorkflowDashboardModule.forRoot`: the dashboard's own options without the runtime, stores and
 * registry, which come from the application's `WorkflowModule`.
 */
export type WorkflowDashboardOptions = Omit<
  DashboardOptions,
  "runtime" | "persistence" | "definitionRegistry"
>;

/** Options of `WorkflowDashboardModule.forRootAsync`: a factory with injected dependencies (e.g. an auth service). */
export interface WorkflowDashboardAsyncOptions<TArgs extends unknown[] = unknown[]> {
  /** Modules exporting the providers `inject` names. */
  imports?: ModuleMetadata["imports"];
  /** Providers passed to `useFactory`, in order. */
  inject?: unknown[];
  /** Returns the dashboard options. */
  useFactory(...args: TArgs): WorkflowDashboardOptions | Promise<WorkflowDashboardOptions>;
}
