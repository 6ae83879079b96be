import { defineConfig } from "vitest/config";
import workspace from "./vitest.workspace.js";

export default defineConfig({
  test: {
    projects: workspace,
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.ts"],
      exclude: ["**/index.ts", "**/interfaces/**", "**/*.d.ts", "**/types.ts"],
      reporter: ["text-summary", "text"],
    },
  },
});
