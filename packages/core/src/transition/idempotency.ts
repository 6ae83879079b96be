import {
  IdempotencyConflictError,
  IdempotencyInProgressError,
  IdempotencyNotSupportedError,
} from "../errors/idempotency.error.js";
import { InvalidArgumentError, WorkflowError } from "../errors/workflow-error.js";
import type {
  WorkflowIdempotencyRecord,
  WorkflowIdempotencyStore,
} from "../persistence/workflow-idempotency-store.js";
import type { CommandResult } from "../model/command-result.js";
import type { TriggerWorkflowEventInput } from "../model/runtime-inputs.js";
import type { WorkflowExecutionResult } from "../model/workflow-execution-result.js";
import { orderResultKeys } from "../util/order-result-keys.js";

const MAX_BYTES = 256;
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether `value` is a nonblank, well-formed Unicode string of at most 256 UTF-8 bytes without NUL. */
export function isValidIdempotencyText(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.trim() !== "" &&
    !value.includes("\u0000") &&
    !LONE_SURROGATE.test(value) &&
    Buffer.byteLength(value, "utf8") <= MAX_BYTES
  );
}

/**
 * Validates the idempotency fields of a trigger input before anything else happens; returns whether
 * the call is keyed. Throws `InvalidArgumentError` or `IdempotencyNotSupportedError`.
 *
 * @internal
 */
export function validateIdempotencyInput(
  input: TriggerWorkflowEventInput,
  store: WorkflowIdempotencyStore | undefined,
): boolean {
  for (const field of ["idempotencyKey", "idempotencyFingerprint"] as const) {
    if (input[field] !== undefined && !isValidIdempotencyText(input[field])) {
      throw new InvalidArgumentError(
        `${field} must be a nonblank valid Unicode string of at most 256 UTF-8 bytes without NUL`,
      );
    }
  }
  if (input.idempotencyKey === undefined) {
    if (input.idempotencyFingerprint !== undefined) {
      throw new InvalidArgumentError("idempotencyFingerprint requires idempotencyKey");
    }
    return false;
  }
  if (!store) throw new IdempotencyNotSupportedError();
  return true;
}

/**
 * The replayed result of an existing receipt: conflict check (event name and fingerprint, presence
 * included), then in-progress check, then a copy of the stored result in the first call's key order.
 *
 * @internal
 */
export function replayReceipt(
  record: WorkflowIdempotencyRecord,
  input: TriggerWorkflowEventInput,
): WorkflowExecutionResult {
  if (record.eventName !== input.eventName || record.fingerprint !== input.idempotencyFingerprint) {
    throw new IdempotencyConflictError(input.workflowInstanceUuid);
  }
  if (record.result === null) throw new IdempotencyInProgressError(input.workflowInstanceUuid);
  // A fresh copy in the key order of the first call's result (a jsonb store hands keys back reordered).
  return orderResultKeys(record.result);
}

/**
 * JSON round trip of a result about to be stored as a receipt, in the key order replays restore; a failure is a `WorkflowError` with the
 * original error as `cause`.
 *
 * @internal
 */
export function normalizeResult(result: WorkflowExecutionResult): WorkflowExecutionResult {
  return orderResultKeys(jsonRoundTrip(result));
}

/**
 * JSON round trip of the command results of a keyed call, done once as soon as they exist: the history row,
 * the receipt and the returned result are then all built from plain data, so a value's `toJSON` runs exactly
 * once per call whatever the stores do, and a value JSON cannot hold fails with the idempotency error before
 * anything is written.
 *
 * @internal
 */
export function normalizeCommandResults(results: CommandResult[]): CommandResult[] {
  return jsonRoundTrip(results);
}

function jsonRoundTrip<T>(value: T): T {
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch (error) {
    throw new WorkflowError("Idempotent event result must be JSON-serializable", error);
  }
}
