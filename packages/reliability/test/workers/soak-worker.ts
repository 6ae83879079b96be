// A durable worker process for the soak test: runs processPendingExecutions passes until it is told to stop
// or SIGKILLed. Its connections carry `application_name` soak-<adapter>-<name>, so the parent can terminate
// them. Protocol: parent → start; worker → ready; parent → stop.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { createPgRuntime } from "../support/pg-runtime.js";
import { racePersistence, type RaceAdapter } from "../support/race-runtime.js";
import { chargeCommand, soakWorkflow } from "../support/soak-workflow.js";

export interface SoakStart {
  type: "start";
  url: string;
  adapter: RaceAdapter;
  name: string;
  limit: number;
}

async function run(start: SoakStart): Promise<void> {
  const pool = new pg.Pool({
    connectionString: start.url,
    max: 2,
    application_name: `soak-${start.adapter}-${start.name}`,
  });
  pool.on("error", () => undefined);
  const effects = new pg.Pool({ connectionString: start.url, max: 1, application_name: "soak-effects" });
  effects.on("error", () => undefined);
  const runtime = createPgRuntime(pool, {
    definitions: [soakWorkflow],
    commands: { charge: chargeCommand(effects) },
    persistenceOverride: racePersistence(start.adapter, pool),
    runtime: {
      durableExecution: { leaseDurationMs: 3_000, initialDelayMs: 50, maxDelayMs: 500, maxAttempts: 1_000 },
    },
  });
  let stopping = false;
  process.on("message", () => {
    stopping = true;
  });
  let announced = false;
  while (!stopping) {
    try {
      const result = await runtime.processPendingExecutions({ limit: start.limit });
      if (result.processed + result.skipped.length + result.failed.length === 0) await sleep(50);
    } catch {
      // A terminated connection fails the pass (or initialize); the next pass runs on a fresh connection.
      await sleep(50);
    }
    if (!announced) {
      // Ready once a first pass ran: killing a process still starting up would test nothing.
      announced = true;
      process.send!({ type: "ready" });
    }
  }
  await Promise.all([pool.end(), effects.end()]).catch(() => undefined);
  process.exit(0);
}

process.once("message", (message) => {
  run(message as SoakStart).catch((error: unknown) => {
    console.error("[soak-worker] crashed:", error);
    process.exit(1);
  });
});
