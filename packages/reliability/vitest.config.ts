import { fileURLToPath } from "node:url";
import swc from "unplugin-swc";
import { defineProject } from "vitest/config";
import { workspaceAliases } from "../../vitest.shared.js";

export default defineProject({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // The REST tests boot @duraflows/nestjs from its sources; Nest's injection and ValidationPipe need decorator
  // metadata, which vitest's default esbuild transform drops, so this project compiles with SWC.
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: "typescript", decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: "es2022",
      },
    }),
  ],
  resolve: { alias: workspaceAliases },
  test: {
    name: "reliability",
    include: ["test/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    globalSetup: ["test/global-setup.ts"],
    // Files share a 2-core machine with real child processes; one fork runs them one at a time (each file still
    // isolated) so the load tests do not starve each other. Speed is never asserted, only outcomes.
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
