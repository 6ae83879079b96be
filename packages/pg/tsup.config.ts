import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  external: ["pg", "@duraflows/core"],
  // The migrator reads the shipped sql/dbmate files next to the build; the shim gives the CJS build import.meta.url.
  shims: true,
});
