import { readFileSync } from "node:fs";
import { formatNumber, formatRatio } from "./format.js";
import type { BenchReport } from "./report.js";
import type { ScenarioReport } from "./types.js";

/** Reads a results file written by `pnpm bench` (bench/results/*.json or *.json.tmp). */
export function readReport(path: string): BenchReport {
  return JSON.parse(readFileSync(path, "utf8")) as BenchReport;
}

function change(before: number, after: number): string {
  if (before === 0) return "n/a";
  const percent = ((after - before) / before) * 100;
  return `${percent >= 0 ? "+" : ""}${percent.toFixed(0)} %`;
}

/**
 * The change of every target ratio and of every numeric table cell between an earlier run and this one,
 * matched by scenario, target name, table title, row label and column. Only what both runs measured is
 * compared; targets present on one side only are listed as new or gone.
 */
export function compareReports(before: BenchReport, after: BenchReport): string[] {
  const lines: string[] = [`=== Change against the run of ${before.generatedAt} (${before.mode}) ===`];
  const earlier = new Map(before.scenarios.map((s) => [s.name, s]));
  for (const scenario of after.scenarios) {
    const old = earlier.get(scenario.name);
    if (!old) {
      lines.push(`${scenario.title}: not in the earlier run`);
      continue;
    }
    lines.push("", `--- ${scenario.title} ---`);
    lines.push(...compareTargets(old, scenario), ...compareTables(old, scenario));
  }
  return lines;
}

function compareTargets(before: ScenarioReport, after: ScenarioReport): string[] {
  const lines: string[] = [];
  const old = new Map(before.targets.map((t) => [t.name, t]));
  for (const target of after.targets) {
    const previous = old.get(target.name);
    const status = target.measured === null ? "not measured" : target.met ? "met" : "NOT met";
    if (!previous) {
      lines.push(
        `target ${formatRatio(target.measured)} (new, ≥ ${target.threshold}×, ${status})  ${target.name}`,
      );
      continue;
    }
    const delta =
      previous.measured === null || target.measured === null
        ? "n/a"
        : change(previous.measured, target.measured);
    lines.push(
      `target ${formatRatio(previous.measured)} → ${formatRatio(target.measured)} (${delta}; ≥ ${target.threshold}×, ${status})  ${target.name}`,
    );
  }
  const now = new Set(after.targets.map((t) => t.name));
  for (const target of before.targets)
    if (!now.has(target.name))
      lines.push(`target gone (was ${formatRatio(target.measured)})  ${target.name}`);
  return lines;
}

function compareTables(before: ScenarioReport, after: ScenarioReport): string[] {
  const lines: string[] = [];
  const oldTables = new Map(before.tables.map((t) => [t.title, t]));
  for (const table of after.tables) {
    const old = oldTables.get(table.title);
    if (!old) continue;
    // A row is identified by its leading text cells (callers, system, …).
    const key = (row: readonly unknown[]): string =>
      row
        .filter((cell, i) => typeof cell === "string" && i < 2)
        .map(String)
        .join(" / ");
    const oldRows = new Map(old.rows.map((row) => [key(row), row]));
    for (const row of table.rows) {
      const previous = oldRows.get(key(row));
      if (!previous) continue;
      const cells: string[] = [];
      row.forEach((cell, i) => {
        const column = table.columns[i];
        const oldIndex = column === undefined ? -1 : old.columns.indexOf(column);
        const was = oldIndex === -1 ? undefined : previous[oldIndex];
        if (typeof cell !== "number" || typeof was !== "number") return;
        cells.push(`${column} ${formatNumber(was)} → ${formatNumber(cell)} (${change(was, cell)})`);
      });
      if (cells.length > 0) lines.push(`${table.title} [${key(row)}]: ${cells.join("; ")}`);
    }
  }
  return lines;
}
