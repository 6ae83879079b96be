import { runDurableScenarios, runRuntimeScenarios } from "@duraflows/test-support";
import { afterAll } from "vitest";
import { pgWorkflowProviders } from "../../src/pg-providers.js";
import { createPgTestSchema, type Bootstrap, type PgTestSchema } from "./pg-test-schema.js";

/**
 * Registers the shared runtime and durable-execution scenarios of `@duraflows/test-support` on
 * `pgWorkflowProviders` (all optional stores on) over one schema, truncated before every scenario. With the
 * durable execution store every transition takes the locking path; `mode: "optimistic"` sets
 * `optimisticTransitions: true` and registers the runtime scenarios without that store, so command-less
 * transitions take the optimistic path, and the durable scenarios with it, so `enqueueEvent` accepts
 * optimistically.
 */
export function registerPgScenarios(
  label: string,
  schema: string,
  bootstrap: Bootstrap,
  mode: "locking" | "optimistic" = "locking",
): void {
  let envPromise: Promise<PgTestSchema> | undefined;
  const setupWith = (durableExecution: boolean) => async () => {
    envPromise ??= createPgTestSchema(`pg-scenarios-${bootstrap}-${mode}`, schema, bootstrap);
    const env = await envPromise;
    await env.truncate();
    return {
      provider: pgWorkflowProviders(env.pool, { idempotency: true, durableExecution }),
      teardown: async () => undefined,
    };
  };
  afterAll(async () => {
    if (envPromise) await (await envPromise).drop();
  });
  const runtimeOptions = mode === "optimistic" ? { optimisticTransitions: true } : {};
  runRuntimeScenarios(label, { setup: setupWith(mode === "locking"), runtimeOptions });
  runDurableScenarios(label, { setup: setupWith(true), runtimeOptions });
}
