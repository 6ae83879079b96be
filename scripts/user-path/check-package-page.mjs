// What a package's registry page shows comes from the packed package.json and README.md: links back to the
// repository, keywords, install commands for each package manager, and README links that still work outside
// the repository (a relative `../../docs/…` link points nowhere on the registry).
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Checks one unpacked package folder (the `package/` folder of a tarball).
 *
 * @returns the problems found, empty when the page is complete
 */
export function checkPackagePage(dir) {
  const problems = [];
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const url = (value) => (typeof value === "string" ? value : value?.url);
  if (!/^git\+https:\/\/.+\.git$/.test(url(pkg.repository) ?? ""))
    problems.push('package.json: "repository" needs a git+https URL');
  if (!pkg.repository?.directory) problems.push('package.json: "repository.directory" is missing');
  if (!/^https:\/\//.test(pkg.homepage ?? "")) problems.push('package.json: "homepage" is missing');
  if (!/^https:\/\//.test(url(pkg.bugs) ?? "")) problems.push('package.json: "bugs" is missing');
  if (!Array.isArray(pkg.keywords) || pkg.keywords.length === 0)
    problems.push('package.json: "keywords" is missing');

  let readme = "";
  try {
    readme = readFileSync(join(dir, "README.md"), "utf8");
  } catch {
    problems.push("README.md is not in the package");
  }
  for (const match of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1];
    if (!/^(https?:|mailto:|#)/.test(target)) problems.push(`README.md: relative link ${target}`);
  }
  for (const command of ["npm install", "pnpm add", "yarn add"]) {
    if (readme && !readme.includes(command)) problems.push(`README.md: no "${command}" command`);
  }
  return problems.map((problem) => `${pkg.name}: ${problem}`);
}
