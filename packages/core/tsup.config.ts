import { resolve } from "node:path";
import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts" },
  format: ["esm", "cjs"],
  // finita is bundled, so its types are inlined too: consumers never resolve @camcima/finita.
  dts: { resolve: ["@camcima/finita"] },
  sourcemap: false,
  clean: true,
  target: "node20",
  external: ["vitest"],
  // finita is bundled so that installing @duraflows/core never needs @camcima/finita from the registry.
  noExternal: ["@camcima/finita"],
  esbuildPlugins: [
    {
      // vitest is ESM-only: the CommonJS build of the testing entry gets a variant of the kits' vitest access
      // that fails with a clear message when a kit is called (the in-memory doubles still load).
      name: "vitest-api-per-format",
      setup(build) {
        if (build.initialOptions.format !== "cjs") return;
        build.onResolve({ filter: /[\\/]vitest-api\.js$/ }, (args) => ({
          path: resolve(args.resolveDir, "vitest-api-cjs.ts"),
        }));
      },
    },
  ],
});
