import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

/**
 * Gives every test file a directory to append its figures to, and prints one summary line after the run (the
 * figures quoted in docs/reliability.md come from this line).
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "duraflows-reliability-"));
  project.provide("reliabilityFiguresDir", dir);
  return () => {
    const file = join(dir, "figures.jsonl");
    const totals: Record<string, number> = {};
    if (existsSync(file)) {
      for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
        for (const [key, value] of Object.entries(JSON.parse(line) as Record<string, number>)) {
          totals[key] = (totals[key] ?? 0) + value;
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
    const n = (key: string): number => totals[key] ?? 0;
    console.log(
      `[reliability] summary: events fired ${n("eventsFired")} by ${n("loadProcesses")} processes, ` +
        `accepted ${n("eventsAccepted")}, rejected as invalid ${n("eventsRejectedAsInvalid")}, ` +
        `keyed duplicates replayed ${n("keyedDuplicatesReplayed")}; instances swept ${n("instancesSwept")} ` +
        `by ${n("sweeperProcesses")} processes; faults injected ${n("faultsInjected")}; ` +
        `hostile inputs tried ${n("inputsTried")}; lost or duplicated ${n("lostOrDuplicated")}; ` +
        `durable events accepted ${n("durableAccepted")} (instances raced by sweepers ${n("racedInstances")}, ` +
        `poisoned executions ${n("poisonedExecutions")}, worker SIGKILLs ${n("workerKills")}, ` +
        `connections terminated ${n("connectionKills")}); durable lost or stuck ${n("durableLostOrStuck")}`,
    );
  };
}
