// The one list of test projects. Each entry points at a package's own vitest config (built with
// `defineProject`); the root `vitest.config.ts` reads this list.
export default [
  "packages/finita/vitest.config.ts",
  "packages/core/vitest.config.ts",
  "packages/test-support/vitest.config.ts",
  "packages/pg/vitest.config.ts",
  "packages/pg/vitest.integration.config.ts",
  "packages/kysely/vitest.config.ts",
  "packages/kysely/vitest.integration.config.ts",
  "packages/nestjs/vitest.config.ts",
  "packages/nestjs/vitest.e2e.config.ts",
  "packages/reliability/vitest.config.ts",
  "packages/cli/vitest.config.ts",
  "packages/dashboard/vitest.config.ts",
  "packages/dashboard/vitest.browser.config.ts",
];
