import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as source from "../src/index.js";
import * as sourceTesting from "../src/testing/index.js";

const dist = (file: string): string => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

function requireBuilt(file: string): void {
  if (!existsSync(dist(file))) throw new Error(`packages/core/dist/${file} is missing: run pnpm build first`);
}

describe("the built package", () => {
  it("exposes the same named exports as the sources, from ESM and CJS", async () => {
    requireBuilt("index.js");
    requireBuilt("index.cjs");
    const esm = await import(pathToFileURL(dist("index.js")).href);
    const cjs = createRequire(import.meta.url)(dist("index.cjs"));
    const expected = Object.keys(source).sort();
    expect(Object.keys(esm).sort()).toEqual(expected);
    expect(Object.keys(cjs).sort()).toEqual(expected);
  });

  it("exposes @duraflows/core/testing from ESM inside the vitest runner", async () => {
    requireBuilt("testing/index.js");
    const testing = await import(pathToFileURL(dist("testing/index.js")).href);
    expect(Object.keys(testing).sort()).toEqual(Object.keys(sourceTesting).sort());
    expect(existsSync(dist("testing/index.cjs"))).toBe(true);
  });

  it("bundles finita so installing core needs nothing from the registry", async () => {
    const { readFile } = await import("node:fs/promises");
    for (const file of ["index.js", "index.cjs"]) {
      const text = await readFile(dist(file), "utf8");
      expect(text).not.toMatch(/from ["']@camcima\/finita["']|require\(["']@camcima\/finita["']\)/);
    }
  });
});
