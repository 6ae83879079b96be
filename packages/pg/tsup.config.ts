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
  external: ["pg", "@duraflows/core"],
  // The migrator reads the shipped sql/dbmate files next to the build; the shim gives the CJS build import.meta.url.
  shims: true,
});
