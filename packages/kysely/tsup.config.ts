import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  // The shared SQL module is bundled, its types too: consumers never resolve @duraflows/sql (it is not published).
  dts: { resolve: ["@duraflows/sql"] },
  sourcemap: false,
  clean: true,
  target: "node20",
  noExternal: ["@duraflows/sql"],
  external: ["kysely", "@duraflows/core", "@duraflows/pg"],
});
