// Entry `@duraflows/nestjs/dashboard`: needs the optional peer `@duraflows/dashboard`.
export { WorkflowDashboardModule, WORKFLOW_DASHBOARD_HANDLER } from "./workflow-dashboard.module.js";
export type {
  WorkflowDashboardAsyncOptions,
  WorkflowDashboardOptions,
} from "./workflow-dashboard-options.js";
