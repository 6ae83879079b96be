import { KyselyTransactionContext } from "../../src/kysely-transaction-context.js";
import type { RecordingDatabase } from "./recording-dialect.js";

/** Runs `work` inside an owned transaction of the recording database and returns the statements it issued. */
export async function statementsOf(
  recording: RecordingDatabase,
  work: () => Promise<unknown>,
): Promise<{ sql: string; parameters: readonly unknown[] }[]> {
  await KyselyTransactionContext.transaction(recording.db, async () => {
    recording.clear();
    await work();
  });
  return recording.statements
    .filter(({ sql }) => sql !== "SELECT 1" && sql !== "COMMIT")
    .map(({ sql, parameters }) => ({ sql, parameters }));
}
