import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const srcDir = new URL("../../src/", import.meta.url);
const sources = readdirSync(srcDir)
  .filter((name) => name.endsWith(".ts"))
  .map((name) => ({ name, text: readFileSync(join(srcDir.pathname, name), "utf8") }));

describe("works with every supported Kysely release", () => {
  it("reads the source files", () => {
    expect(sources.length).toBeGreaterThan(5);
  });

  // `kysely/migration` exists only from 0.29 on; 0.28 exports the migration types from `kysely` itself.
  it.each(sources)("$name imports nothing from kysely/migration", ({ text }) => {
    expect(text).not.toMatch(/from\s+["']kysely\/migration["']/);
  });

  // Kysely is ESM-only on some releases: a runtime import would break the CommonJS build.
  it.each(sources)("$name imports kysely for types only", ({ text }) => {
    const runtimeImports = text.match(/^import\s+(?!type\b)[^;]*from\s+["']kysely(\/[\w/]+)?["']/gm) ?? [];
    expect(runtimeImports).toEqual([]);
  });
});
