import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";
import { workspaceAliases } from "../../vitest.shared.js";
import { swcPlugin } from "./vitest.swc.js";

export default defineProject({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [swcPlugin()],
  resolve: { alias: workspaceAliases },
  test: {
    name: "nestjs:e2e",
    include: ["test/e2e/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
