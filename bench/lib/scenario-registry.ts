import type { Scenario } from "./types.js";

/*
 * Every scenario, in run order. Loaded lazily: a scenario whose packages do not load yet fails alone instead
 * of the whole run.
 */
export const SCENARIOS: ReadonlyArray<readonly [string, () => Promise<Scenario>]> = [
  ["transition", async () => (await import("../scenarios/transition.js")).transitionScenario],
  ["round-trips", async () => (await import("../scenarios/round-trips.js")).roundTripsScenario],
  ["sweep", async () => (await import("../scenarios/sweep.js")).sweepScenario],
  ["scale", async () => (await import("../scenarios/scale.js")).scaleScenario],
  ["history-scale", async () => (await import("../scenarios/history-scale.js")).historyScaleScenario],
  ["in-memory", async () => (await import("../scenarios/in-memory.js")).inMemoryScenario],
  ["peers", async () => (await import("../scenarios/peers.js")).peersScenario],
  ["telemetry", async () => (await import("../scenarios/telemetry.js")).telemetryScenario],
  ["durable", async () => (await import("../scenarios/durable.js")).durableScenario],
  ["wake-outbox", async () => (await import("../scenarios/wake-outbox.js")).wakeOutboxScenario],
  [
    "worker-processes",
    async () => (await import("../scenarios/worker-processes.js")).workerProcessesScenario,
  ],
  ["dashboard", async () => (await import("../scenarios/dashboard.js")).dashboardScenario],
];
