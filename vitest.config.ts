import { defineConfig } from "vitest/config";
import workspace from "./vitest.workspace.js";

export default defineConfig({
  test: {
    projects: workspace,
    coverage: {
      provider: "v8",
      // CI prints the line coverage of the engine (`pnpm test` runs with --coverage).
      include: ["packages/core/src/**/*.ts"],
      exclude: ["**/index.ts", "**/types.ts", "**/*.d.ts"],
      reporter: ["text-summary"],
    },
  },
});
