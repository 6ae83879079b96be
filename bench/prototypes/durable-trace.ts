/*
 * Lists every statement one durable unit of work sends (enqueueEvent, then one worker pass), in order.
 * Run: pnpm exec tsx --tsconfig bench/tsconfig.json bench/prototypes/durable-trace.ts
 */
import type pg from "pg";
import { toggleWithCommandWorkflow } from "../fixtures/workflows.js";
import { withBenchDatabase } from "../lib/bench-database.js";
import { createBenchRuntime } from "../lib/duraflows.js";
import { seedInstances } from "../lib/seed.js";

const { generateMigrationSql } = await import("@duraflows/pg");
const schema = generateMigrationSql({ includeIdempotency: true, includeDurableExecution: true }).up;
await withBenchDatabase(schema, async (db) => {
  const log: string[] = [];
  let tracing = false;
  const original = db.pool.bind(db);
  db.pool = (max: number): pg.Pool => {
    const pool = original(max);
    pool.on("connect", (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
        const first = args[0] as string | { text: string };
        const text = typeof first === "string" ? first : first.text;
        if (tracing) log.push(text.replace(/\s+/g, " ").slice(0, 150));
        return query(...args);
      };
    });
    return pool;
  };
  const bench = await createBenchRuntime("pg-durable", db, 3);
  const runtime = bench.runtime;
  const uuids = await seedInstances(db, toggleWithCommandWorkflow.name, 3);
  for (let i = 0; i < 3; i++) {
    tracing = i === 2;
    log.push("-- enqueue");
    await runtime.enqueueEvent({ workflowInstanceUuid: uuids[i]!, eventName: "go", idempotencyKey: `k${i}` });
    log.push("-- worker pass");
    const pass = await runtime.processPendingExecutions({ limit: 10 });
    if (pass.completed.length !== 1) throw new Error(JSON.stringify(pass));
    tracing = false;
  }
  const shown = log.slice(log.lastIndexOf("-- enqueue"));
  for (const line of shown) console.log(line);
  console.log(`round trips: ${shown.filter((l) => !l.startsWith("--")).length}`);
  await bench.close();
});
