/*
 * Counts the round trips pg-boss 10 sends per job in the durable scenario's shape (send + notifyWorker, one
 * `work` handler with batch 10), for comparison with bench/prototypes/durable-trace.ts.
 * Run: pnpm exec tsx --tsconfig bench/tsconfig.json bench/prototypes/pgboss-trace.ts
 */
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { withBenchDatabase } from "../lib/bench-database.js";

const require = createRequire(import.meta.url);
const bossPg = require(require.resolve("pg", { paths: [require.resolve("pg-boss")] })) as {
  Client: { prototype: { query: (...args: unknown[]) => unknown } };
};
const counts = new Map<string, number>();
let counting = false;
const original = bossPg.Client.prototype.query;
bossPg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const first = args[0] as string | { text: string };
  const text = typeof first === "string" ? first : first.text;
  if (counting) {
    const key = text.replace(/\s+/g, " ").trim().slice(0, 60);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return original.apply(this, args);
};

const JOBS = 50;
await withBenchDatabase("SELECT 1", async (db) => {
  const PgBoss = (await import("pg-boss")).default;
  const boss = new PgBoss({
    connectionString: db.url,
    schema: "pgboss_trace",
    max: 3,
    supervise: false,
    schedule: false,
  });
  await boss.start();
  await boss.createQueue("q");
  let handled = 0;
  const id = await boss.work("q", { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (batch) => {
    handled += batch.length;
  });
  counting = true;
  for (let i = 0; i < JOBS; i++) {
    await boss.send("q", { i });
    boss.notifyWorker(id);
  }
  while (handled < JOBS || (await boss.getQueueSize("q", { before: "completed" })) > 0) await sleep(2);
  counting = false;
  let total = 0;
  for (const [text, n] of counts) {
    total += n;
    console.log(`${(n / JOBS).toFixed(2)}  ${text}`);
  }
  console.log(
    `round trips per job: ${(total / JOBS).toFixed(2)} (including getQueueSize polls of this script)`,
  );
  await boss.stop({ graceful: false, wait: true });
});
