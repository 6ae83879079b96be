// Triggers `work` on an instance; the command writes inside the transaction, tells the parent it is inside,
// then blocks forever — the parent SIGKILLs this process mid-transition (faults).
import pg from "pg";
import { faultWorkflow, faultyCommand } from "../support/fault-workflow.js";
import { createPgRuntime } from "../support/pg-runtime.js";

export interface KillStart {
  type: "start";
  url: string;
  uuid: string;
}

process.once("message", (message) => {
  const start = message as KillStart;
  const pool = new pg.Pool({
    connectionString: start.url,
    max: 1,
    application_name: "duraflows-kill-worker",
  });
  const runtime = createPgRuntime(pool, {
    definitions: [faultWorkflow],
    commands: {
      work: faultyCommand(pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        process.send!({ type: "inside", pid: rows[0]!.pid });
        return new Promise(() => undefined);
      }),
    },
  });
  runtime.triggerEvent({ workflowInstanceUuid: start.uuid, eventName: "work" }).then(
    () => process.send!({ type: "finished" }),
    (error: unknown) => process.send!({ type: "failed", message: String(error) }),
  );
});
