import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";

const RESULT_KEYS = ["outcome", "fromState", "toState", "commandResults", "historyUuid", "rejectedBy"];
const COMMAND_RESULT_KEYS = ["ok", "code", "message", "metadata", "error"];
const ERROR_KEYS = ["name", "message", "stack"];

/** PostgreSQL's `jsonb` key order: shorter keys (in UTF-8 bytes) first, then byte-wise. */
function jsonbKeyOrder(a: string, b: string): number {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length - right.length || Buffer.compare(left, right);
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a "__proto__" key must stay data.
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Copies a JSON object with `known` keys first (in that order) and every other key in jsonb order. */
function ordered(
  source: Record<string, unknown>,
  known: readonly string[],
  child: (key: string, value: unknown) => unknown,
): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const key of known) if (Object.hasOwn(source, key)) define(target, key, child(key, source[key]));
  const rest = Object.keys(source)
    .filter((key) => !known.includes(key))
    .sort(jsonbKeyOrder);
  for (const key of rest) define(target, key, child(key, source[key]));
  return target;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Free-form JSON (metadata and the like) in jsonb order at every level. */
function orderFree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderFree);
  if (!isObject(value)) return value;
  return ordered(value, [], (_key, entry) => orderFree(entry));
}

function orderCommandResult(value: unknown): unknown {
  if (!isObject(value)) return orderFree(value);
  return ordered(value, COMMAND_RESULT_KEYS, (key, entry) =>
    key === "error" && isObject(entry)
      ? ordered(entry, ERROR_KEYS, (_k, e) => orderFree(e))
      : orderFree(entry),
  );
}

/**
 * A copy of a JSON result (an idempotent receipt) in one fixed key order, whatever order the store kept: the
 * result's own fields and those of each command result in their declared order, every other key (free-form
 * metadata, unknown fields) in PostgreSQL's `jsonb` order at every level. A first keyed call and its replays
 * therefore serialise to the same text on every store.
 *
 * @internal
 */
export function orderResultKeys(result: WorkflowExecutionResult): WorkflowExecutionResult {
  const source = result as unknown as Record<string, unknown>;
  return ordered(source, RESULT_KEYS, (key, entry) =>
    key === "commandResults" && Array.isArray(entry) ? entry.map(orderCommandResult) : orderFree(entry),
  ) as unknown as WorkflowExecutionResult;
}
