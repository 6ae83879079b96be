import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowRuntime,
  type WorkflowDefinition,
} from "@duraflows/core";
import {
  generateDurableExecutionMigrationSql,
  generateMigrationSql,
  pgWorkflowProviders,
} from "@duraflows/pg";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { createDashboard, type DashboardOptions } from "../../src/index.js";

/** A state name and context built to break naive HTML rendering. */
export const HOSTILE = `<img src=x onerror="window.__xss=1">`;

/** The workflow every dashboard test uses: new → paid → shipped, plus a hostile state. */
export const orderWorkflow: WorkflowDefinition = {
  name: "order",
  version: 1,
  initialState: "new",
  states: {
    new: { events: { Pay: { targetState: "paid" }, Flag: { targetState: HOSTILE } } },
    paid: { events: { Ship: { targetState: "shipped" } } },
    shipped: {},
    [HOSTILE]: {},
  },
};

/**
 * A job whose "work" command throws while `failing` is set: its durable executions and its timeout (one
 * minute in "waiting") park after one failed attempt.
 */
export const jobWorkflow: WorkflowDefinition = {
  name: "job",
  version: 1,
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        Run: { targetState: "done", commands: [{ name: "work" }] },
        Expire: { targetState: "expired", commands: [{ name: "work" }], timeout: { afterMinutes: 1 } },
      },
    },
    done: {},
    expired: {},
  },
};

/** A running dashboard over a fresh PostgreSQL database. */
export interface DashboardFixture {
  url: string;
  runtime: WorkflowRuntime;
  database: TestDatabase;
  /** While true, the job workflow's "work" command throws. */
  work: { failing: boolean };
  /** Moves the runtime's clock forward (timeouts fall due). */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Starts `createDashboard` on 127.0.0.1 (random port) at `/ops` over its own database. */
export async function startDashboard(
  label: string,
  auth: DashboardOptions["auth"],
  extra: Partial<DashboardOptions> = {},
): Promise<DashboardFixture> {
  const database = await createTestDatabase(label);
  const pool = database.createPool();
  await pool.query(generateMigrationSql().up);
  await pool.query(generateDurableExecutionMigrationSql().up);
  const persistence = pgWorkflowProviders(pool, { durableExecution: true });
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(orderWorkflow);
  definitionRegistry.register(jobWorkflow);
  const work = { failing: false };
  const commandRegistry = new InMemoryCommandRegistry();
  commandRegistry.register("work", {
    execute: async () => {
      if (work.failing) throw new Error("work is down");
      return { ok: true };
    },
  });
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const runtime = new WorkflowRuntime({
    ...persistence,
    definitionRegistry,
    commandRegistry,
    clock,
    durableExecution: { maxAttempts: 1 },
    timeoutRetry: { maxAttempts: 1 },
  });
  await runtime.initialize();
  const handler = createDashboard({
    runtime,
    persistence,
    definitionRegistry,
    auth,
    basePath: "/ops",
    clock,
    ...extra,
  });
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ops`,
    runtime,
    database,
    work,
    advance: (ms) => {
      offsetMs += ms;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.drop();
    },
  };
}

/** Test auth: `x-test-user: writer` may write, `reader` may read, anything else is anonymous. */
export function headerAuth(req: IncomingMessage) {
  const user = req.headers["x-test-user"];
  if (user === "writer") return { id: "writer<script>", canWrite: true };
  if (user === "reader") return { id: "reader", canWrite: false };
  return null;
}
