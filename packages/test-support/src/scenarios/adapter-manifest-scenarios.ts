import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** What differs between the adapters' package.json files. */
export interface AdapterManifestExpectations {
  name: string;
  description: string;
  keywords: string[];
  /** The published `files` entries that are not exclusions (`dist`, plus `sql` for pg). */
  published: string[];
  /** Peer dependency names mapped to a pattern their range must match. */
  peers: Record<string, RegExp>;
  /** Dev dependencies every adapter package declares (`workspace:*` for the duraflows packages). */
  devDependencies: string[];
}

interface Manifest {
  name: string;
  version: string;
  description: string;
  keywords: string[];
  type: string;
  exports: Record<string, { import?: Record<string, string>; require?: Record<string, string> }>;
  sideEffects: boolean;
  files: string[];
  engines: Record<string, string>;
  publishConfig: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  dependencies?: Record<string, string>;
}

/**
 * The packaging rules both adapters share, checked on a package.json file, with the
 * per-package values of {@link AdapterManifestExpectations}.
 */
export function runAdapterManifestScenarios(manifestPath: URL, expected: AdapterManifestExpectations): void {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;

  describe(`${expected.name} package.json`, () => {
    it("has the exact name, description and keywords", () => {
      expect([manifest.name, manifest.description, manifest.keywords]).toEqual([
        expected.name,
        expected.description,
        expected.keywords,
      ]);
    });

    it("is a dual ESM/CJS module with matching declaration files, side-effect free, node >= 20, public", () => {
      expect(manifest.type).toBe("module");
      expect(manifest.exports["."]).toEqual({
        import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
        require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
      });
      expect(manifest.sideEffects).toBe(false);
      expect(manifest.engines).toEqual({ node: ">=20" });
      expect(manifest.publishConfig).toEqual({ access: "public" });
    });

    it("publishes only the specified folders, without source maps or build info", () => {
      expect(manifest.files.filter((entry) => !entry.startsWith("!"))).toEqual(expected.published);
      expect(manifest.files).toContain("!dist/**/*.map");
      expect(manifest.files).toContain("!**/*.tsbuildinfo");
    });

    it("has no runtime dependencies; peers core in lockstep plus its driver; devDepends on the workspace", () => {
      expect(manifest.dependencies ?? {}).toEqual({});
      expect(manifest.peerDependencies["@duraflows/core"]).toBe(`^${manifest.version}`);
      for (const [peer, range] of Object.entries(expected.peers)) {
        expect(manifest.peerDependencies[peer], peer).toMatch(range);
      }
      // The kysely adapter leaves the driver to the consumer's dialect: no `pg` peer.
      if (!("pg" in expected.peers)) expect(manifest.peerDependencies).not.toHaveProperty("pg");
      for (const dev of expected.devDependencies) expect(manifest.devDependencies, dev).toHaveProperty(dev);
      expect(manifest.devDependencies["@duraflows/core"]).toBe("workspace:*");
    });
  });
}
