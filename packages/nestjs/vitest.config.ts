import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";
import { workspaceAliases } from "../../vitest.shared.js";
import { swcPlugin } from "./vitest.swc.js";

export default defineProject({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [swcPlugin()],
  resolve: { alias: workspaceAliases },
  test: {
    name: "nestjs",
    include: ["test/unit/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
  },
});
