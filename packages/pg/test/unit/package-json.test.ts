import { runAdapterManifestScenarios } from "@duraflows/test-support";

// Packaging of @duraflows/pg; the shared rules live in @duraflows/test-support.
runAdapterManifestScenarios(new URL("../../package.json", import.meta.url), {
  name: "@duraflows/pg",
  description:
    "PostgreSQL persistence adapter for duraflows using pg (transaction runner, instance store, history store, row-level locking)",
  keywords: ["duraflows", "workflow", "postgresql", "pg", "persistence", "durable", "state-machine"],
  published: ["dist", "sql"],
  peers: { pg: /^\^8\.13\.0$/ },
  devDependencies: ["@duraflows/core", "@types/pg", "pg"],
});
