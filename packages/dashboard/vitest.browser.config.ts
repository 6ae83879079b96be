import { defineProject } from "vitest/config";
import { workspaceAliases } from "../../vitest.shared.js";

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: "dashboard:browser",
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // On a loaded machine a page takes seconds to load; the 2-second freshness check sets its own timeout.
    expect: { poll: { timeout: 15_000 } },
  },
});
