import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as Record<
  string,
  any
>;
const corePkg = JSON.parse(readFileSync(new URL("../../../core/package.json", import.meta.url), "utf8")) as {
  version: string;
};

// Packaging of @duraflows/nestjs (the shared packaging rules live in @duraflows/test-support).
describe("package.json", () => {
  it("has the specified name, description and keywords", () => {
    expect(pkg.name).toBe("@duraflows/nestjs");
    expect(pkg.description).toBe(
      "NestJS integration (DI, services, optional REST controllers, `@WorkflowCommand` decorator)",
    );
    expect(pkg.keywords).toEqual(
      expect.arrayContaining(["duraflows", "workflow", "nestjs", "dependency-injection", "decorator"]),
    );
  });

  it("is a dual ESM/CJS package shipping dist only", () => {
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines).toEqual({ node: ">=20" });
    expect(pkg.publishConfig).toEqual({ access: "public" });
    expect(pkg.exports["."]).toEqual({
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
    });
    expect(pkg.exports["./dashboard"]).toEqual({
      import: { types: "./dist/dashboard.d.ts", default: "./dist/dashboard.js" },
      require: { types: "./dist/dashboard.d.cts", default: "./dist/dashboard.cjs" },
    });
    // The dashboard entry needs @duraflows/dashboard; applications without the dashboard need not install it.
    expect(pkg.peerDependencies["@duraflows/dashboard"]).toBe(`^${corePkg.version}`);
    expect(pkg.peerDependenciesMeta["@duraflows/dashboard"]).toEqual({ optional: true });
    expect(pkg.files).toEqual(["dist", "!dist/**/*.map", "!**/*.tsbuildinfo"]);
    expect(pkg.version).toBe(corePkg.version);
  });

  it("declares the specified dependencies and peers (no rxjs peer)", () => {
    expect(pkg.dependencies).toEqual({ "class-transformer": "^0.5.1", "class-validator": "^0.15.1" });
    expect(pkg.peerDependencies).toMatchObject({
      "@duraflows/core": `^${corePkg.version}`,
      "@nestjs/common": "^11.0.0 || ^12.0.0",
      "@nestjs/core": "^11.0.0 || ^12.0.0",
      "reflect-metadata": "^0.2.0",
    });
    expect(pkg.peerDependencies).not.toHaveProperty("rxjs");
    expect(pkg.devDependencies["@duraflows/core"]).toBe("workspace:*");
    for (const name of [
      "@nestjs/common",
      "@nestjs/core",
      "@nestjs/platform-express",
      "@nestjs/testing",
      "reflect-metadata",
    ]) {
      expect(pkg.devDependencies).toHaveProperty([name]);
    }
  });
});
