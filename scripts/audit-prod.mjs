#!/usr/bin/env node
// Runs `pnpm audit --prod` (issue #11: the production dependency tree must have no known vulnerability).
//
// Exit codes: 0 = audited clean, 1 = vulnerabilities found (listed), 0 + LOUD WARNING = the registry's audit
// endpoint could not be reached, so nothing was proven. Set DURAFLOWS_AUDIT_STRICT=1 to make that case fail
// (exit 2) instead, e.g. in a CI that can reach the endpoint.
import { spawnSync } from "node:child_process";

const run = spawnSync("pnpm", ["audit", "--prod", "--json"], { encoding: "utf8", shell: false });
const output = `${run.stdout ?? ""}\n${run.stderr ?? ""}`;

const unreachable =
  run.error !== undefined ||
  /ERR_PNPM_AUDIT_BAD_RESPONSE|ERR_PNPM_AUDIT_ENDPOINT|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|responded with [45]\d\d/.test(
    output,
  );

if (unreachable) {
  const banner = "!".repeat(78);
  console.error(banner);
  console.error("!! WARNING: pnpm audit --prod could NOT reach the registry's audit endpoint.");
  console.error("!! The production dependency tree was NOT checked for known vulnerabilities.");
  const reason =
    output.match(/"message":\s*"([^"]*)"/)?.[1] ?? output.match(/ERR_PNPM_\w+[^\n]*/)?.[0] ?? output.trim();
  console.error(`!! ${reason.slice(0, 400)}`);
  console.error(banner);
  process.exit(process.env.DURAFLOWS_AUDIT_STRICT === "1" ? 2 : 0);
}

let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error("pnpm audit --prod returned something that is not a JSON report:");
  console.error(output.trim());
  process.exit(1);
}
const counts = report?.metadata?.vulnerabilities ?? {};
const total = Object.values(counts).reduce((sum, n) => sum + Number(n || 0), 0);
if (total === 0) {
  console.log("pnpm audit --prod: no known vulnerabilities in the production dependency tree.");
  process.exit(0);
}
console.error(`pnpm audit --prod: ${total} known vulnerabilities (${JSON.stringify(counts)}):`);
for (const advisory of Object.values(report.advisories ?? {})) {
  console.error(
    `- ${advisory.module_name} ${advisory.vulnerable_versions}: ${advisory.title} (${advisory.severity}) ${advisory.url}`,
  );
}
process.exit(1);
