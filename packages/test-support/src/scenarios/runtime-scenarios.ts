import { describe } from "vitest";
import { registerCoreScenarios } from "./runtime-core-scenarios.js";
import { registerIdempotencyScenarios } from "./runtime-idempotency-scenarios.js";
import { registerStoreOverrideScenarios } from "./runtime-store-override-scenarios.js";
import { useScenarioContext, type RuntimeScenarioHarness } from "./runtime-scenario-kit.js";
import { registerTimeoutScenarios } from "./runtime-timeout-scenarios.js";
import { registerVersioningScenarios } from "./runtime-versioning-scenarios.js";

/**
 * Registers the adapter-independent runtime scenarios (create, trigger, onEnter, guards, failures, observers
 * after commit, concurrency, timeouts with retry and parking, versioning and migration, idempotency, overridden store
 * methods) against
 * the provider the harness sets up for each test. Scenarios needing an optional store skip with a reason
 * when it is absent.
 */
export function runRuntimeScenarios(label: string, harness: RuntimeScenarioHarness): void {
  describe(`${label}: runtime scenarios`, () => {
    const scenarios = useScenarioContext(harness);
    describe("core", () => registerCoreScenarios(scenarios));
    describe("timeouts", () => registerTimeoutScenarios(scenarios));
    describe("versioning and migration", () => registerVersioningScenarios(scenarios));
    describe("idempotency", () => registerIdempotencyScenarios(scenarios));
    describe("store overrides", () => registerStoreOverrideScenarios(scenarios));
  });
}
