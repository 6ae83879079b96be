import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  external: ["@duraflows/core"],
  // The handler finds the bundled app next to the build through import.meta.url; the shim covers the CJS build.
  shims: true,
});
