import type { Writable } from "node:stream";

/** Where and how a command writes: colours only on a TTY and never when `NO_COLOR` is set. */
export interface Output {
  json: boolean;
  write(text: string): void;
  error(text: string): void;
  /** Prints `value` as one JSON document (the `--json` contract). */
  printJson(value: unknown): void;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

function colourAllowed(stream: Writable & { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

/** Builds the output of one run. */
export function createOutput(
  json: boolean,
  stdout: Writable & { isTTY?: boolean } = process.stdout,
  stderr: Writable & { isTTY?: boolean } = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Output {
  const colour = colourAllowed(stdout, env);
  const paint = (code: number, reset: number) => (text: string) =>
    colour ? `\u001b[${code}m${text}\u001b[${reset}m` : text;
  return {
    json,
    write: (text) => void stdout.write(text.endsWith("\n") ? text : text + "\n"),
    error: (text) => void stderr.write(text.endsWith("\n") ? text : text + "\n"),
    printJson: (value) => void stdout.write(JSON.stringify(value, null, 2) + "\n"),
    bold: paint(1, 22),
    dim: paint(2, 22),
    green: paint(32, 39),
    red: paint(31, 39),
    yellow: paint(33, 39),
  };
}

/** Renders rows as an aligned text table with a header line. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}
