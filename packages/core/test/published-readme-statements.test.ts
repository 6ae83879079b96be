import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const repo = new URL("../../../", import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, repo), "utf8");

/** The "## Published API" section of a package README (up to the next level-2 heading). */
function publishedSection(pkg: string): string {
  const readme = read(`packages/${pkg}/README.md`);
  const match = /^## Published API\n([\s\S]*?)(?=^## )/m.exec(readme);
  if (!match) throw new Error(`packages/${pkg}/README.md has no "## Published API" section`);
  return match[1];
}

const versionOf = (pkg: string): string =>
  (JSON.parse(read(`packages/${pkg}/package.json`)) as { version: string }).version;

describe("each published package README says which published API it implements", () => {
  it("finita names the published 2.2.0 API it implements and its additions", () => {
    const section = publishedSection("finita");
    expect(section).toContain("`@camcima/finita` 2.2.0");
    expect(versionOf("finita")).toBe("2.2.0");
    expect(section).toMatch(/Additions/);
    expect(section).toContain("ProcessBuilder");
  });

  it.each(["core", "pg", "kysely", "nestjs"])(
    "@duraflows/%s names its published API line and additions",
    (pkg) => {
      const section = publishedSection(pkg);
      expect(section).toContain(`\`@duraflows/${pkg}\``);
      const [major, minor] = versionOf(pkg).split(".");
      expect(section).toContain(`${major}.${minor}.x`);
      expect(section).toMatch(/Additions/);
    },
  );

  it("core names the finita version it bundles", () => {
    expect(publishedSection("core")).toContain("`@camcima/finita` 2.2.0");
  });

  it("the READMEs link to a decisions section listing what still differs", () => {
    expect(read("docs/decisions.md")).toMatch(/^## Differences from the published packages$/m);
    for (const pkg of ["core", "pg", "kysely", "nestjs"]) {
      expect(publishedSection(pkg)).toContain("decisions.md#differences-from-the-published-packages");
    }
  });
});
