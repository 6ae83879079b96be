import { runAdapterManifestScenarios } from "@duraflows/test-support";

// Packaging of @duraflows/kysely; the shared rules live in @duraflows/test-support.
runAdapterManifestScenarios(new URL("../../package.json", import.meta.url), {
  name: "@duraflows/kysely",
  description:
    "PostgreSQL persistence adapter using kysely, integrates with the type-safe query builder and an AsyncLocalStorage transaction context",
  keywords: [
    "duraflows",
    "workflow",
    "postgresql",
    "pg",
    "persistence",
    "durable",
    "state-machine",
    "kysely",
    "type-safe",
  ],
  published: ["dist"],
  // 0.28 is what npm installs on Node 20 (0.29 declares Node 22); 0.29 from the oldest release the suite passes with.
  peers: { kysely: /^\^0\.28\.\d+ \|\| \^0\.29\.[2-5]$/ },
  devDependencies: ["@duraflows/core", "@duraflows/pg", "kysely", "pg", "@types/pg"],
});
