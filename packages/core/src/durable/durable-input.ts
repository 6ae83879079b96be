import { InvalidArgumentError } from "../errors/workflow-error.js";
import { assertStorableJson, MAX_JSON_DEPTH } from "../util/storable-json.js";
import type { EnqueueWorkflowEventInput } from "../model/durable-inputs.js";
import { isValidIdempotencyText } from "../transition/idempotency.js";
import { jsonCopy } from "../util/json-copy.js";

const KEY_MESSAGE =
  "Durable keys/fingerprints must be nonblank valid Unicode strings of at most 256 UTF-8 bytes without NUL";
const MISSING_KEY_MESSAGE = "enqueueEvent requires idempotencyKey";
const JSON_VALUES_MESSAGE = "Durable inputs must be JSON values";
const PLAIN_OBJECTS_MESSAGE = "Durable inputs must be plain JSON objects";
const DEPTH_MESSAGE = `Durable inputs must be JSON values nested at most ${MAX_JSON_DEPTH} levels deep`;

/** The validated, JSON-copied parts of an `enqueueEvent` input. */
export interface DurableEnqueueInput {
  workflowInstanceUuid: string;
  eventName: string;
  idempotencyKey: string;
  idempotencyFingerprint?: string;
  /** Present only when the caller passed a subject (JSON copy). */
  hasSubject: boolean;
  subject?: unknown;
  triggerMetadata: Record<string, unknown>;
}

/**
 * Validates an `enqueueEvent` input and copies it as JSON at once, so later caller mutations cannot change
 * what is queued. Throws `InvalidArgumentError` with the exact durable messages.
 *
 * @internal
 */
export function parseDurableEnqueueInput(input: EnqueueWorkflowEventInput): DurableEnqueueInput {
  const {
    workflowInstanceUuid,
    eventName,
    idempotencyKey,
    idempotencyFingerprint,
    subject,
    triggerMetadata,
  } = input;
  if (idempotencyKey === undefined || idempotencyKey === null)
    throw new InvalidArgumentError(MISSING_KEY_MESSAGE);
  assertDurableKey(idempotencyKey);
  if (idempotencyFingerprint !== undefined) assertDurableKey(idempotencyFingerprint);
  const parsed: DurableEnqueueInput = {
    workflowInstanceUuid,
    eventName,
    idempotencyKey,
    hasSubject: subject !== undefined,
    triggerMetadata: copyDurableObject(triggerMetadata ?? {}),
  };
  if (idempotencyFingerprint !== undefined) parsed.idempotencyFingerprint = idempotencyFingerprint;
  if (subject !== undefined) parsed.subject = copyDurableJson(subject);
  // Plain JSON can still hold strings PostgreSQL's jsonb refuses (NUL, unpaired surrogates).
  assertStorableJson(parsed.subject ?? null, "subject");
  assertStorableJson(parsed.triggerMetadata, "triggerMetadata");
  return parsed;
}

/**
 * Throws `InvalidArgumentError` with the durable key message unless `value` is a nonblank, well-formed
 * Unicode string without NUL of at most 256 UTF-8 bytes.
 *
 * @internal
 */
export function assertDurableKey(value: unknown): asserts value is string {
  // Same rules as synchronous idempotency keys; only the message differs.
  if (!isValidIdempotencyText(value)) throw new InvalidArgumentError(KEY_MESSAGE);
}

/**
 * A JSON copy of a durable payload after checking it is plain JSON (finite numbers, strings, booleans, null,
 * arrays and plain objects; no cycles, functions, bigint, symbols, undefined members or class instances).
 *
 * @internal
 */
export function copyDurableJson(value: unknown): unknown {
  assertPlainJson(value, new Set<object>(), 0);
  return jsonCopy(value);
}

/**
 * Like {@link copyDurableJson} but the value itself must be a plain object (trigger metadata).
 *
 * @internal
 */
function copyDurableObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !isPlainObject(value)) {
    throw new InvalidArgumentError(PLAIN_OBJECTS_MESSAGE);
  }
  return copyDurableJson(value) as Record<string, unknown>;
}

/**
 * Whether `value`'s prototype is `null` or the `Object.prototype` of any realm (so objects built in a `vm`
 * context or an iframe count as plain, while Dates, Maps and class instances do not).
 *
 * @internal
 */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null) return true;
  if (typeof proto !== "object" || Object.getPrototypeOf(proto) !== null) return false;
  const ctor: unknown = Object.getOwnPropertyDescriptor(proto, "constructor")?.value;
  return typeof ctor === "function" && ctor.prototype === proto && ctor.name === "Object";
}

// Recursive but depth-limited: past the limit it throws a clear error long before the stack could overflow.
function assertPlainJson(value: unknown, ancestors: Set<object>, depth: number): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new InvalidArgumentError(JSON_VALUES_MESSAGE);
      return;
    case "object":
      break;
    default:
      throw new InvalidArgumentError(JSON_VALUES_MESSAGE);
  }
  if (value === null) return;
  // Only ancestors count as cycles: the same object reached twice through siblings is still a tree in JSON.
  if (ancestors.has(value)) throw new InvalidArgumentError(JSON_VALUES_MESSAGE);
  if (depth >= MAX_JSON_DEPTH) throw new InvalidArgumentError(DEPTH_MESSAGE);
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!Object.hasOwn(value, i)) throw new InvalidArgumentError(JSON_VALUES_MESSAGE);
      assertPlainJson(value[i], ancestors, depth + 1);
    }
  } else {
    if (!isPlainObject(value)) throw new InvalidArgumentError(PLAIN_OBJECTS_MESSAGE);
    if (Object.getOwnPropertySymbols(value).length > 0) throw new InvalidArgumentError(JSON_VALUES_MESSAGE);
    for (const key of Object.keys(value))
      assertPlainJson((value as Record<string, unknown>)[key], ancestors, depth + 1);
  }
  ancestors.delete(value);
}
