import { runDurableScenarios, runRuntimeScenarios } from "@duraflows/test-support";
import { afterAll } from "vitest";
import { pgWorkflowProviders } from "../../src/pg-providers.js";
import { createPgTestSchema, type Bootstrap, type PgTestSchema } from "./pg-test-schema.js";

/**
 * Registers the shared runtime and durable-execution scenarios of `@duraflows/test-support` on
 * `pgWorkflowProviders` (all optional stores on) over one schema, truncated before every scenario.
 */
export function registerPgScenarios(label: string, schema: string, bootstrap: Bootstrap): void {
  let envPromise: Promise<PgTestSchema> | undefined;
  const setup = async () => {
    envPromise ??= createPgTestSchema(`pg-scenarios-${bootstrap}`, schema, bootstrap);
    const env = await envPromise;
    await env.truncate();
    return {
      provider: pgWorkflowProviders(env.pool, { idempotency: true, durableExecution: true }),
      teardown: async () => undefined,
    };
  };
  afterAll(async () => {
    if (envPromise) await (await envPromise).drop();
  });
  runRuntimeScenarios(label, { setup });
  runDurableScenarios(label, { setup });
}
