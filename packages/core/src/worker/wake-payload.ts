import type { WorkflowWakeSignal } from "../model/wake-signal.js";

/** The `NOTIFY` channel duraflows wakes workers on. */
export const WAKE_CHANNEL = "duraflows_wake";

/**
 * The `NOTIFY` payload of a signal: `execution`, `outbox` or `timeout:<ISO date>`.
 *
 * @example
 * ```ts
 * await client.query("SELECT pg_notify($1, $2)", [WAKE_CHANNEL, encodeWakeSignal({ kind: "outbox" })]);
 * ```
 */
export function encodeWakeSignal(signal: WorkflowWakeSignal): string {
  return signal.kind === "timeout" ? `timeout:${signal.at.toISOString()}` : signal.kind;
}

/** Reads a payload written by {@link encodeWakeSignal}; anything else is an `execution` wake-up (run a pass). */
export function decodeWakeSignal(payload: string | undefined): WorkflowWakeSignal {
  if (payload === "outbox") return { kind: "outbox" };
  if (payload?.startsWith("timeout:")) {
    const at = new Date(payload.slice("timeout:".length));
    if (!Number.isNaN(at.getTime())) return { kind: "timeout", at };
  }
  return { kind: "execution" };
}
