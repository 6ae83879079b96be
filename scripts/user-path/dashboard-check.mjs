// Starts @duraflows/dashboard from the installed tarballs twice, as a user would: mounted in a node:http server
// and through WorkflowDashboardModule in a NestJS application. Each time it fetches the page, the bundled app
// script and an API route with an identity, and checks that an anonymous request is refused.
// Usage (inside the user-path application): DATABASE_URL=… node dashboard-check.mjs
/* global fetch -- Node 20 has it */
import "reflect-metadata";
import { createServer } from "node:http";
import { InMemoryCommandRegistry, InMemoryDefinitionRegistry, WorkflowRuntime } from "@duraflows/core";
import { createDashboard } from "@duraflows/dashboard";
import { WorkflowModule } from "@duraflows/nestjs";
import { WorkflowDashboardModule } from "@duraflows/nestjs/dashboard";
import { generateMigrationSql, pgWorkflowProviders } from "@duraflows/pg";
import { Module } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import pg from "pg";

const ticket = {
  name: "ticket",
  version: 1,
  initialState: "open",
  states: { open: { events: { Close: { targetState: "closed" } } }, closed: {} },
};
const auth = (req) => (req.headers["x-user"] === "ops" ? { id: "ops", canWrite: true } : null);

async function expectDashboard(label, base) {
  const anonymous = await fetch(`${base}/`);
  if (anonymous.status !== 401) throw new Error(`${label}: anonymous page answered ${anonymous.status}`);
  const headers = { "x-user": "ops" };
  const page = await fetch(`${base}/`, { headers });
  const html = await page.text();
  if (page.status !== 200 || !html.includes('src="app.js"')) throw new Error(`${label}: page ${page.status}`);
  if (!page.headers.get("content-security-policy")?.includes("script-src 'self'")) {
    throw new Error(`${label}: the page has no strict Content-Security-Policy`);
  }
  const script = await fetch(`${base}/app.js`, { headers });
  const bytes = (await script.arrayBuffer()).byteLength;
  if (script.status !== 200 || bytes < 100_000)
    throw new Error(`${label}: app.js ${script.status}, ${bytes} B`);
  const overview = await fetch(`${base}/api/overview`, { headers });
  const body = await overview.json();
  const total = body.workflows?.find((w) => w.name === "ticket")?.total;
  if (overview.status !== 200 || total !== 1) {
    throw new Error(`${label}: overview ${overview.status} ${JSON.stringify(body)}`);
  }
  console.log(`${label}: page, app.js (${bytes} B) and api/overview (ticket: ${total}) served`);
}

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
try {
  await pool.query(generateMigrationSql().up);
  const persistence = pgWorkflowProviders(pool);

  // node:http
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(ticket);
  const runtime = new WorkflowRuntime({
    ...persistence,
    definitionRegistry,
    commandRegistry: new InMemoryCommandRegistry(),
    clock: { now: () => new Date() },
  });
  await runtime.initialize();
  await runtime.createInstance({ workflowName: "ticket" });
  const dashboard = createDashboard({
    runtime,
    persistence,
    definitionRegistry,
    basePath: "/dashboard",
    auth,
  });
  const server = createServer((req, res) => dashboard(req, res));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await expectDashboard("node:http", `http://127.0.0.1:${server.address().port}/dashboard`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }

  // NestJS (decorators applied as functions: this file is plain JavaScript)
  class AppModule {}
  Module({
    imports: [
      WorkflowModule.forRoot({ workflows: [ticket], persistence }),
      WorkflowDashboardModule.forRoot({ basePath: "/ops/dashboard", auth }),
    ],
  })(AppModule);
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, "127.0.0.1");
  try {
    await expectDashboard("NestJS", `http://127.0.0.1:${app.getHttpServer().address().port}/ops/dashboard`);
  } finally {
    await app.close();
  }
} finally {
  await pool.end();
}
