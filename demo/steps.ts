import type { StateEnterEvent, WorkflowInstance, WorkflowRuntime } from "@duraflows/core";
import { bold, dim, formatTime, line, printContext, printResult, printTable, red } from "./print.js";

/** Collects what observers were told, so each step can show the post-commit notifications it caused. */
export class ObserverLog {
  readonly name = "demo-log";
  private pending: StateEnterEvent[] = [];

  onEnter(event: StateEnterEvent): void {
    this.pending.push(event);
  }

  flush(): void {
    const events = this.pending.splice(0);
    if (events.length === 0) return;
    const hops = events.map(
      (event) => `${event.fromState ?? "∅"} → ${event.toState} (${event.triggerEvent ?? "created"})`,
    );
    line(dim(`observers, after commit: ${hops.join(", ")}`));
  }
}

/** Fails the demo with a clear message when the workflow did not land where the story says it must. */
export function expectState(instance: WorkflowInstance | null, state: string): WorkflowInstance {
  if (!instance) throw new Error(`the instance vanished from the database (expected it in "${state}")`);
  if (instance.currentState !== state) {
    throw new Error(`instance ${instance.uuid} is in "${instance.currentState}", expected "${state}"`);
  }
  return instance;
}

/** Triggers one event and prints its result, the context before/after and the observer notifications. */
export async function step(
  runtime: WorkflowRuntime,
  observers: ObserverLog,
  uuid: string,
  eventName: string,
  expectedState: string,
  subject?: unknown,
): Promise<WorkflowInstance> {
  const before = await runtime.getInstance(uuid);
  const result = await runtime
    .getHandle(uuid)
    .triggerEvent(eventName, { triggerMetadata: { actor: "demo" }, subject });
  line();
  printResult(eventName, result);
  const after = expectState(await runtime.getInstance(uuid), expectedState);
  line(`context (v${after.version}):`);
  printContext(after.context, before?.context ?? {});
  observers.flush();
  return after;
}

/** Runs one timeout sweep and prints its accounting. */
export async function sweep(runtime: WorkflowRuntime, now: Date): Promise<number> {
  const result = await runtime.processExpiredWorkflows();
  line(
    `sweep at ${bold(formatTime(now))}: processed ${result.processed}, rejected ${result.rejected}, ` +
      `business failures ${result.businessFailed.length}, errors ${result.failed.length}`,
  );
  for (const failure of result.failed) line(red(`  ${failure.uuid}: ${failure.error}`));
  if (result.failed.length > 0)
    throw new Error(`the timeout sweep failed for ${result.failed.length} instance(s)`);
  return result.processed;
}

/** Prints the audit history of one instance, oldest first. */
export async function printHistory(runtime: WorkflowRuntime, uuid: string): Promise<void> {
  // getHistory is newest first, in the exact order the rows were written; the demo prints oldest first.
  const records = (await runtime.getHistory(uuid, { limit: 100 })).reverse();
  printTable(
    ["#", "from", "event", "to", "outcome", "commands", "trigger", "db time"],
    records.map((record, index) => [
      index + 1,
      record.fromState,
      record.eventName,
      record.toState,
      record.outcome,
      record.commandResultsJson
        .map((result) => (result.ok ? "ok" : `failed:${result.code ?? "?"}`))
        .join(", ") || "–",
      record.triggerMetadata,
      record.createdAt,
    ]),
  );
  line(dim("db time is the database's now() at commit; the workflow itself ran on the simulated clock."));
}
