import type { BenchContext, Scenario, ScenarioReport } from "./types.js";

/** Logs with a wall-clock prefix. */
export function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Runs one scenario; a throw becomes a report with `error` set instead of ending the run. */
export async function runScenario(
  name: string,
  load: () => Promise<Scenario>,
  ctx: BenchContext,
): Promise<ScenarioReport> {
  const started = Date.now();
  let scenario: Scenario | undefined;
  try {
    scenario = await load();
    log(`${scenario.title}…`);
    await ctx.db.truncateWorkflowTables();
    const result = await scenario.run(ctx);
    return {
      name,
      title: scenario.title,
      method: scenario.method,
      seconds: (Date.now() - started) / 1000,
      ...result,
    };
  } catch (error) {
    console.error(`scenario ${name} failed:`, error);
    return failedReport(name, scenario, (Date.now() - started) / 1000, error);
  }
}

/** The report of a scenario that did not run to the end. */
export function failedReport(
  name: string,
  scenario: Pick<Scenario, "title" | "method"> | undefined,
  seconds: number,
  error: unknown,
): ScenarioReport {
  return {
    name,
    title: scenario?.title ?? name,
    method: scenario?.method ?? "",
    seconds,
    tables: [],
    targets: [],
    notes: [],
    error: error instanceof Error ? error.message : String(error),
  };
}
