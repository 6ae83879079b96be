import { runDurableScenarios, runRuntimeScenarios } from "@duraflows/test-support";
import { afterAll } from "vitest";
import { pgWorkflowProviders } from "../../src/pg-providers.js";
import { createPgTestSchema, type Bootstrap, type PgTestSchema } from "./pg-test-schema.js";

/**
 * Registers the shared runtime and durable-execution scenarios of `@duraflows/test-support` on
 * `pgWorkflowProviders` (all optional stores on) over one schema, truncated before every scenario. With the
 * durable execution store every transition takes the locking path; `mode: "optimistic"` registers the runtime
 * scenarios only, without that store and with `optimisticTransitions: true`, so command-less transitions take
 * the optimistic path.
 */
export function registerPgScenarios(
  label: string,
  schema: string,
  bootstrap: Bootstrap,
  mode: "locking" | "optimistic" = "locking",
): void {
  let envPromise: Promise<PgTestSchema> | undefined;
  const setup = async () => {
    envPromise ??= createPgTestSchema(`pg-scenarios-${bootstrap}-${mode}`, schema, bootstrap);
    const env = await envPromise;
    await env.truncate();
    const durableExecution = mode === "locking";
    return {
      provider: pgWorkflowProviders(env.pool, { idempotency: true, durableExecution }),
      teardown: async () => undefined,
    };
  };
  afterAll(async () => {
    if (envPromise) await (await envPromise).drop();
  });
  runRuntimeScenarios(label, {
    setup,
    ...(mode === "optimistic" ? { runtimeOptions: { optimisticTransitions: true } } : {}),
  });
  if (mode === "locking") runDurableScenarios(label, { setup });
}
