import type { Writable } from "node:stream";

/** Where and how a command writes: colours only on a TTY and never when `NO_COLOR` is set. */
export interface Output {
  json: boolean;
  /** Whether progress bars are drawn: standard output is a terminal and `--json` is off. */
  interactive: boolean;
  write(text: string): void;
  error(text: string): void;
  /** Prints `value` as one JSON document (the `--json` contract). */
  printJson(value: unknown): void;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  /**
   * On a terminal, redraws one progress bar line in place (`done` of `total`, then `label`); does nothing
   * elsewhere, where commands print one plain line per step instead.
   */
  progress(done: number, total: number, label: string): void;
  /** Moves past the progress bar line, if one is drawn. */
  endProgress(): void;
}

const BAR_WIDTH = 24;

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
  const interactive = !json && stdout.isTTY === true;
  let barDrawn = false;
  const clearBar = () => {
    if (!barDrawn) return;
    stdout.write("\r\u001b[2K");
    barDrawn = false;
  };
  return {
    json,
    interactive,
    write: (text) => {
      clearBar();
      stdout.write(text.endsWith("\n") ? text : text + "\n");
    },
    error: (text) => {
      clearBar();
      stderr.write(text.endsWith("\n") ? text : text + "\n");
    },
    printJson: (value) => void stdout.write(JSON.stringify(value, null, 2) + "\n"),
    bold: paint(1, 22),
    dim: paint(2, 22),
    green: paint(32, 39),
    red: paint(31, 39),
    yellow: paint(33, 39),
    progress: (done, total, label) => {
      if (!interactive) return;
      const shown = Math.min(done, total);
      const filled = total > 0 ? Math.round((shown / total) * BAR_WIDTH) : BAR_WIDTH;
      const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
      stdout.write(`\r\u001b[2K[${bar}] ${shown}/${total} ${label}`);
      barDrawn = true;
    },
    endProgress: () => {
      if (!barDrawn) return;
      stdout.write("\n");
      barDrawn = false;
    },
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
