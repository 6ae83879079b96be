import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

export default defineConfig({
  entry: { bin: "src/bin.ts" },
  // A command line only: one ESM entry with a shebang, no library surface to ship in two formats.
  format: ["esm"],
  dts: false,
  sourcemap: false,
  clean: true,
  target: "node20",
  external: ["pg", "@duraflows/core", "@duraflows/pg"],
  banner: { js: "#!/usr/bin/env node" },
  define: { __CLI_VERSION__: JSON.stringify(version) },
});
