// Public entry of @duraflows/dashboard.
export { createDashboard } from "./create-dashboard.js";
export { localhostDevelopmentAuth } from "./security.js";
export type {
  DashboardAuth,
  DashboardHandler,
  DashboardIdentity,
  DashboardOptions,
} from "./dashboard-options.js";
