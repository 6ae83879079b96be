import { defineConfig } from "tsup";

// Built only so the adapters' type checks resolve declarations; @duraflows/pg and @duraflows/kysely bundle it.
// One output file per source file (`bundle: false`) and `sideEffects: false` in package.json let each adapter's
// bundle keep only the statements it uses (the Kysely adapter ships no DDL).
export default defineConfig({
  entry: ["src/**/*.ts"],
  bundle: false,
  format: ["esm"],
  dts: { entry: "src/index.ts" },
  sourcemap: false,
  clean: true,
  target: "node20",
});
