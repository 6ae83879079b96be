import type { Output } from "./output.js";

/** What a command gets besides its arguments. */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  /** Builds the output once the command knows whether `--json` was given. */
  output(json: boolean): Output;
}

/** One top-level command of `duraflows`. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help: usage lines, options, examples. */
  help: string;
  /** Runs with the arguments after the command name; resolves with the exit code. */
  run(argv: string[], context: CommandContext): Promise<number>;
}
