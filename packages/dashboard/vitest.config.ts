import { defineProject } from "vitest/config";
import { workspaceAliases } from "../../vitest.shared.js";

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: "dashboard",
    include: ["test/api/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
