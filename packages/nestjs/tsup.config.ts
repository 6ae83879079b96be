import { defineConfig } from "tsup";

// tsup compiles with SWC (not esbuild) when @swc/core is installed and tsconfig.json enables
// emitDecoratorMetadata: Nest injection and ValidationPipe need the emitted `design:paramtypes`.
export default defineConfig({
  entry: { index: "src/index.ts", dashboard: "src/dashboard/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  clean: true,
  // Both entries must share one copy of the DI tokens (symbols), in the CJS build too.
  splitting: true,
  // `import.meta.url` (optional @nestjs/swagger loading) must work in the CJS build too.
  shims: true,
  target: "node20",
  external: [
    "@duraflows/core",
    "@duraflows/dashboard",
    "@nestjs/common",
    "@nestjs/core",
    "@nestjs/swagger",
    "reflect-metadata",
    "class-transformer",
    "class-validator",
  ],
});
