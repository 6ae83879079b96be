import { createServer } from "node:http";
import { InMemoryCommandRegistry, InMemoryDefinitionRegistry, WorkflowRuntime } from "@duraflows/core";
import { createDashboard, type DashboardIdentity } from "@duraflows/dashboard";
import { pgWorkflowProviders } from "@duraflows/pg";
import pg from "pg";
import { orderWorkflow } from "../define-workflow.js";

// Your application's own session lookup.
declare function sessionUser(cookie: string | undefined): Promise<{ name: string; roles: string[] } | null>;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const persistence = pgWorkflowProviders(pool, { durableExecution: true });
const definitionRegistry = new InMemoryDefinitionRegistry();
definitionRegistry.register(orderWorkflow);
const runtime = new WorkflowRuntime({
  ...persistence,
  definitionRegistry,
  commandRegistry: new InMemoryCommandRegistry(),
  clock: { now: () => new Date() },
});
await runtime.initialize();

const dashboard = createDashboard({
  runtime,
  persistence,
  definitionRegistry,
  basePath: "/dashboard",
  // Your own authentication: return who is calling, or null for a 401.
  auth: async (req): Promise<DashboardIdentity | null> => {
    const user = await sessionUser(req.headers.cookie);
    return user ? { id: user.name, canWrite: user.roles.includes("operator") } : null;
  },
});

// node:http; with Express or Connect: app.use(dashboard)
createServer((req, res) => dashboard(req, res)).listen(3000);
