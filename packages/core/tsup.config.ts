import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  external: ["vitest"],
  // finita is bundled so that installing @duraflows/core never needs @camcima/finita from the registry.
  noExternal: ["@camcima/finita"],
});
