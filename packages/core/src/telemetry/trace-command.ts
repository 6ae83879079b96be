import type { CommandResult } from "../model/command-result.js";
import { TelemetryAttributes as A } from "./telemetry-attributes.js";
import { secondsSince, type WorkflowTelemetry } from "./workflow-telemetry.js";

/**
 * Runs one command in a `duraflows.command <name>` span (outcome, `ok` and `code` as attributes) and records
 * its duration. A result with `ok: false` is outcome `failure`; a throw is `error`, recorded on the span.
 *
 * @internal
 */
export async function traceCommand(
  telemetry: WorkflowTelemetry,
  name: string,
  bestEffort: boolean,
  run: () => Promise<CommandResult>,
): Promise<CommandResult> {
  const started = performance.now();
  let outcome = "error";
  try {
    return await telemetry.run(
      `duraflows.command ${name}`,
      { [A.commandName]: name, [A.commandBestEffort]: bestEffort },
      async (span) => {
        let result: CommandResult;
        try {
          result = await run();
        } catch (error) {
          span.set(A.outcome, "error");
          throw error;
        }
        outcome = result.ok ? "success" : "failure";
        span.set(A.outcome, outcome);
        span.set(A.commandOk, result.ok);
        span.set(A.commandCode, typeof result.code === "string" ? result.code : undefined);
        if (!result.ok) span.setError(result.message ?? result.code ?? "Command failed");
        return result;
      },
    );
  } finally {
    telemetry.metrics()?.command(name, outcome, secondsSince(started));
  }
}
