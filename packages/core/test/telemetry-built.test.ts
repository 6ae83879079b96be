import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const file = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

describe("telemetry in the built package", () => {
  // Plain node (not the test runner's module loader): the bundles must find @opentelemetry/api on their own.
  for (const script of ["telemetry-built.mjs", "telemetry-built.cjs"]) {
    it(`${script.endsWith(".cjs") ? "CommonJS" : "ESM"} build records spans with a global SDK`, () => {
      if (!existsSync(file("../dist/index.js")))
        throw new Error("packages/core/dist is missing: run pnpm build first");
      const output = execFileSync(process.execPath, [file(`./fixtures/${script}`)], {
        encoding: "utf8",
        // Without the runner's environment: the testing entry would otherwise look for a running vitest.
        env: { PATH: process.env["PATH"] ?? "" },
      });
      expect(JSON.parse(output)).toEqual(["duraflows.create built"]);
    });
  }
});
