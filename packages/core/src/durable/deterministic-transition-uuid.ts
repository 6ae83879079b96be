import { createHash } from "node:crypto";

/**
 * Transition UUID of hop `hop` (0 for the event, 1.. for onEnter hops) of a durable execution: the SHA-256 of
 * `"<executionUuid>:<hop>"` shaped like a version-5 UUID, so every retry of the execution stamps the same ids.
 *
 * @internal
 */
export function deterministicTransitionUuid(executionUuid: string, hop: number): string {
  const hex = createHash("sha256").update(`${executionUuid}:${hop}`, "utf8").digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
