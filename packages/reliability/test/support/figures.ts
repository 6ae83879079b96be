import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Directory where each test file appends its figures (see test/global-setup.ts). */
    reliabilityFiguresDir: string;
  }
}

/** Figures a test file contributes to the suite's summary line; values are added up across files. */
export type Figures = Partial<Record<FigureName, number>>;

export type FigureName =
  | "eventsFired"
  | "eventsAccepted"
  | "eventsRejectedAsInvalid"
  | "keyedDuplicatesReplayed"
  | "loadProcesses"
  | "instancesSwept"
  | "sweeperProcesses"
  | "faultsInjected"
  | "inputsTried"
  | "lostOrDuplicated"
  | "durableAccepted"
  | "durableLostOrStuck"
  | "racedInstances"
  | "poisonedExecutions"
  | "workerKills"
  | "connectionKills";

/** Appends one JSON line of figures; the global teardown sums them and prints the summary line. */
export function recordFigures(figures: Figures): void {
  appendFileSync(join(inject("reliabilityFiguresDir"), "figures.jsonl"), `${JSON.stringify(figures)}\n`);
}
