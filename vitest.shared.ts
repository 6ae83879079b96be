import { fileURLToPath } from "node:url";

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/**
 * Resolve workspace packages to their TypeScript sources in tests, so `pnpm test:unit` works
 * without a build and a change in one package is seen at once by the suites of the others.
 */
export const workspaceAliases = [
  { find: /^@camcima\/finita$/, replacement: here("./packages/finita/src/index.ts") },
  { find: /^@duraflows\/core\/testing$/, replacement: here("./packages/core/src/testing/index.ts") },
  { find: /^@duraflows\/core$/, replacement: here("./packages/core/src/index.ts") },
  { find: /^@duraflows\/sql$/, replacement: here("./packages/sql/src/index.ts") },
  { find: /^@duraflows\/pg$/, replacement: here("./packages/pg/src/index.ts") },
  { find: /^@duraflows\/kysely$/, replacement: here("./packages/kysely/src/index.ts") },
  { find: /^@duraflows\/nestjs$/, replacement: here("./packages/nestjs/src/index.ts") },
  { find: /^@duraflows\/dashboard$/, replacement: here("./packages/dashboard/src/index.ts") },
  {
    find: /^@duraflows\/test-support\/otel$/,
    replacement: here("./packages/test-support/src/otel/index.ts"),
  },
  { find: /^@duraflows\/test-support$/, replacement: here("./packages/test-support/src/index.ts") },
];
