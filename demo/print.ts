import type { CommandResult, WorkflowExecutionResult, WorkflowInstance } from "@duraflows/core";

const useColor = process.stdout.isTTY === true && process.env["NO_COLOR"] === undefined;
const paint = (code: string) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

export const bold = paint("1");
export const dim = paint("2");
export const green = paint("32");
export const red = paint("31");
const yellow = paint("33");
const cyan = paint("36");

export function heading(title: string): void {
  console.log(`\n${bold(cyan(`== ${title} `.padEnd(72, "=")))}`);
}

export function line(text = ""): void {
  console.log(text ? `  ${text}` : "");
}

/** Prints rows as an aligned text table; cells are stringified and clipped to keep lines readable. */
export function printTable(headers: string[], rows: unknown[][], maxCell = 48): void {
  const cells = rows.map((row) => row.map((value) => clip(cellText(value), maxCell)));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => (row[column] ?? "").length)),
  );
  const render = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(" │ ")
      .trimEnd();
  console.log(`  ${bold(render(headers))}`);
  console.log(`  ${widths.map((width) => "─".repeat(width)).join("─┼─")}`);
  for (const row of cells) console.log(`  ${render(row)}`);
  if (rows.length === 0) console.log(`  ${dim("(no rows)")}`);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (value instanceof Date) return formatTime(value);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatTime(date: Date | null | undefined): string {
  return date
    ? date
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d{3}Z$/, "Z")
    : "–";
}

export function printInstance(instance: WorkflowInstance): void {
  printTable(
    ["field", "value"],
    [
      ["uuid", instance.uuid],
      ["workflow", `${instance.workflowName} (definition v${instance.definitionVersion ?? "?"})`],
      ["state", instance.currentState],
      ["version", instance.version],
      ["expiresAt", instance.expiresAt],
      ["metadata", instance.metadata],
    ],
    90,
  );
}

/** Prints the context, marking keys that appeared (+) or changed (~) since `before`; the rest on one line. */
export function printContext(context: Record<string, unknown>, before: Record<string, unknown> = {}): void {
  const unchanged: string[] = [];
  for (const key of Object.keys(context).sort()) {
    const rendered = JSON.stringify(context[key]);
    if (!(key in before)) line(green(`+ ${key}: ${rendered}`));
    else if (JSON.stringify(before[key]) !== rendered) {
      line(yellow(`~ ${key}: ${JSON.stringify(before[key])} → ${rendered}`));
    } else unchanged.push(key);
  }
  if (unchanged.length > 0) line(dim(`  unchanged: ${unchanged.join(", ")}`));
}

/** Prints every key of the context, sorted. */
export function printWholeContext(context: Record<string, unknown>): void {
  for (const key of Object.keys(context).sort()) line(`  ${key}: ${JSON.stringify(context[key])}`);
}

export function printResult(eventName: string, result: WorkflowExecutionResult): void {
  const outcome = result.outcome === "success" ? green(result.outcome) : red(result.outcome);
  line(`${bold(eventName)}: ${result.fromState} → ${bold(result.toState)}  [${outcome}]`);
  result.commandResults.forEach((commandResult, index) =>
    line(`  command #${index + 1}: ${describe(commandResult)}`),
  );
  if (result.commandResults.length === 0) line(dim("  (no commands)"));
}

function describe(result: CommandResult): string {
  const parts = [result.ok ? green("ok") : red("not ok")];
  if (result.code) parts.push(`code=${result.code}`);
  if (result.message) parts.push(`"${result.message}"`);
  if (result.metadata) parts.push(dim(JSON.stringify(result.metadata)));
  return parts.join(" ");
}
