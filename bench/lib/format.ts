import type { Cell, ResultTable } from "./types.js";

/** Rounds for display: 3 significant digits for small numbers, integers for large ones. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** A ratio as "1.23×" (or "n/a"). */
export function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "n/a" : `${value.toFixed(2)}×`;
}

function cellText(cell: Cell): string {
  if (cell === null) return "n/a";
  return typeof cell === "number" ? formatNumber(cell) : cell;
}

/** A fixed-width text table for the console. */
export function renderConsoleTable(table: ResultTable): string {
  const rows = [table.columns, ...table.rows.map((row) => row.map(cellText))];
  const widths = table.columns.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]): string =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [table.title, line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n");
}

/** A GitHub-flavoured Markdown table (first column left-aligned, the others right-aligned). */
export function renderMarkdownTable(table: ResultTable): string {
  const escape = (text: string): string => text.replace(/\|/g, "\\|");
  const header = `| ${table.columns.map(escape).join(" | ")} |`;
  const align = `| ${table.columns.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`;
  const body = table.rows.map((row) => `| ${row.map((cell) => escape(cellText(cell))).join(" | ")} |`);
  return [header, align, ...body].join("\n");
}
