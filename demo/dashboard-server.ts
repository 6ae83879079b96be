import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import type {
  WorkflowDefinitionRegistry,
  WorkflowPersistenceProvider,
  WorkflowRuntime,
} from "@duraflows/core";
import { createDashboard, localhostDevelopmentAuth } from "@duraflows/dashboard";
import { bold, heading, line } from "./print.js";

/**
 * Serves the dashboard on 127.0.0.1 over the demo's database (development auth: loopback only) and resolves
 * when the user presses Ctrl+C. Builds the browser app first when the package has not been built.
 */
export async function serveDashboard(
  repoRoot: string,
  runtime: WorkflowRuntime,
  persistence: WorkflowPersistenceProvider,
  definitionRegistry: WorkflowDefinitionRegistry,
): Promise<void> {
  const packageDir = join(repoRoot, "packages", "dashboard");
  const assetsDir = join(packageDir, "dist", "app");
  if (!existsSync(join(assetsDir, "app.js"))) {
    line("building the dashboard app (once)…");
    execFileSync(process.execPath, [join(packageDir, "scripts", "build-app.mjs"), assetsDir], {
      stdio: "inherit",
    });
  }
  const handler = createDashboard({
    runtime,
    persistence,
    definitionRegistry,
    auth: localhostDevelopmentAuth(),
    basePath: "/dashboard",
    assetsDir,
  });
  const server = createServer((req, res) => handler(req, res));
  const port = Number(process.env["DASHBOARD_PORT"] ?? 4000);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  heading("Dashboard");
  line(`open ${bold(`http://localhost:${port}/dashboard/`)} (local development mode; Ctrl+C to stop)`);
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
