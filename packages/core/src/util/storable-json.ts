import { types } from "node:util";
import { InvalidArgumentError } from "../errors/workflow-error.js";
import { isWellFormedUnicode } from "./is-well-formed-unicode.js";

/**
 * Why a value cannot be stored as JSON by every bundled store, or `undefined` when it can. PostgreSQL's
 * `jsonb` rejects `\u0000` and unpaired surrogate escapes with a raw driver error, `JSON.stringify` silently
 * turns NaN/±Infinity into `null`, and bigint or cycles make it throw a bare TypeError; checking up front gives
 * one clear error naming the offending path, and the same answer whichever store is configured.
 */
function unstorableString(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (U+0000), which PostgreSQL cannot store";
  if (!isWellFormedUnicode(text)) return "contains an unpaired UTF-16 surrogate (not valid Unicode)";
  return undefined;
}

/**
 * Deepest nesting accepted. PostgreSQL parses jsonb recursively and fails with "stack depth limit exceeded"
 * somewhere past ~10,000 levels with the default max_stack_depth; real payloads stay far below this.
 */
export const MAX_JSON_DEPTH = 1_000;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_SEGMENT = 64;

/** `a.b`, `a["x y"]`, `a[3]`; hostile keys are JSON-escaped (so NULs print as `\u0000`) and truncated. */
function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (IDENTIFIER.test(key) && key.length <= MAX_SEGMENT) return `${path}.${key}`;
  const shown = key.length > MAX_SEGMENT ? `${key.slice(0, MAX_SEGMENT)}…` : key;
  return `${path}[${JSON.stringify(shown)}]`;
}

/** Options of {@link assertStorableJson}. */
export interface StorableJsonOptions {
  /**
   * Also reject what `JSON.stringify` itself throws on (bigint, cycles). Default `true`. `false` leaves those to
   * the caller's own serialization, whose own error must win (idempotent results).
   */
  serializable?: boolean;
}

/** Keeps messages readable for absurdly deep paths: the root and the tail. */
function shorten(path: string): string {
  return path.length <= 200 ? path : `${path.slice(0, 60)}…${path.slice(-120)}`;
}

/**
 * Why an object JSON would silently reshape (a Map, Set or their weak variants become `{}`, typed arrays an
 * object of indexes, buffers and views `{}`), or `undefined`. `node:util` recognises them across realms.
 */
function unstorableObject(value: object): string | undefined {
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  const article = /^[AEIO]/.test(tag) ? "an" : "a";
  if (types.isTypedArray(value))
    return `is ${article} ${tag}, which JSON would store as an object of indexes`;
  if (
    types.isMap(value) ||
    types.isSet(value) ||
    types.isWeakMap(value) ||
    types.isWeakSet(value) ||
    types.isAnyArrayBuffer(value) ||
    types.isDataView(value)
  ) {
    return `is ${article} ${tag}, which JSON would store as {}`;
  }
  return undefined;
}

interface Frame {
  value: unknown;
  path: string;
  depth: number;
  /** Set when the frame closes an object/array: it leaves the ancestor set (cycle detection). */
  exit?: object;
}

/**
 * Throws `InvalidArgumentError("<path> must be storable JSON: <reason>")` when `value` (a context, metadata,
 * trigger metadata, command results…) holds something a JSON store cannot keep faithfully: a string or key with
 * NUL or an unpaired surrogate, a non-finite number, a bigint, a circular reference, or a Map, Set, typed array,
 * ArrayBuffer or DataView (JSON would store them as `{}` or an object of indexes). Everything else that
 * `JSON.stringify` accepts passes unchanged (Dates via `toJSON`, `undefined` members and functions are dropped as
 * JSON always did). Iterative, so deeply nested input cannot overflow the stack here.
 *
 * @internal
 */
export function assertStorableJson(value: unknown, path: string, options: StorableJsonOptions = {}): void {
  // Most values are small plain data: proven storable without allocating; anything else gets the full check.
  if (plainStorable(value, 0)) return;
  const serializable = options.serializable ?? true;
  const ancestors = new Set<object>();
  const stack: Frame[] = [{ value, path, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.exit !== undefined) {
      ancestors.delete(frame.exit);
      continue;
    }
    const reason = inspect(frame, ancestors, stack, serializable);
    if (reason !== undefined) {
      throw new InvalidArgumentError(`${shorten(frame.path)} must be storable JSON: ${reason}`);
    }
  }
}

/** Nesting the allocation-free check follows before it hands over to the full one (which also finds cycles). */
const PLAIN_DEPTH = 32;

/**
 * True when `value` is certainly storable: primitives JSON keeps as they are, and plain objects and arrays of
 * them (no `toJSON`, no other prototype) nested at most {@link PLAIN_DEPTH} deep. False means "not proven":
 * the full check then decides, and words the error.
 */
function plainStorable(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
      return unstorableString(value) === undefined;
    case "number":
      return Number.isFinite(value);
    case "boolean":
    case "undefined":
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= PLAIN_DEPTH) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value)) {
    if (prototype !== Array.prototype || typeof (value as { toJSON?: unknown }).toJSON === "function")
      return false;
    for (let i = 0; i < value.length; i++) if (!plainStorable(value[i], depth + 1)) return false;
    return true;
  }
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (unstorableString(key) !== undefined || !plainStorable(record[key], depth + 1)) return false;
  }
  return true;
}

function inspect(
  frame: Frame,
  ancestors: Set<object>,
  stack: Frame[],
  serializable: boolean,
): string | undefined {
  let value = frame.value;
  if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  ) {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case "string":
      return unstorableString(value);
    case "number":
      return Number.isFinite(value) ? undefined : `is ${String(value)}, which JSON would turn into null`;
    case "bigint":
      return serializable ? "is a bigint, which JSON cannot represent" : undefined;
    case "object":
      break;
    default:
      return undefined; // boolean, undefined, function, symbol: stored or dropped exactly as JSON does
  }
  if (value === null) return undefined;
  const reshaped = unstorableObject(value);
  if (reshaped !== undefined) return reshaped;
  if (ancestors.has(value)) return serializable ? "is a circular reference" : undefined;
  if (frame.depth >= MAX_JSON_DEPTH) return `is nested deeper than ${MAX_JSON_DEPTH} levels`;
  ancestors.add(value);
  stack.push({ value: undefined, path: frame.path, depth: frame.depth, exit: value });
  const depth = frame.depth + 1;
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--)
      stack.push({ value: value[i], path: childPath(frame.path, i), depth });
    return undefined;
  }
  const keys = Object.keys(value);
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i];
    const keyPath = childPath(frame.path, key);
    const keyReason = unstorableString(key);
    if (keyReason !== undefined) {
      throw new InvalidArgumentError(`${shorten(keyPath)} must be storable JSON: its key ${keyReason}`);
    }
    stack.push({ value: (value as Record<string, unknown>)[key], path: keyPath, depth });
  }
  return undefined;
}

/**
 * Throws `InvalidArgumentError("<path> must be storable JSON: is nested deeper than 1000 levels")` when `value`
 * nests objects or arrays deeper than {@link MAX_JSON_DEPTH}, and checks nothing else. Iterative, so it can run
 * before recursive helpers (cloning, freezing, validation) that would otherwise overflow the stack with a bare
 * `RangeError`. Circular references are not followed.
 *
 * @internal
 */
export function assertJsonDepth(value: unknown, path: string): void {
  const ancestors = new Set<object>();
  const stack: Frame[] = [{ value, path, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.exit !== undefined) {
      ancestors.delete(frame.exit);
      continue;
    }
    const current = frame.value;
    if (current === null || typeof current !== "object" || ancestors.has(current)) continue;
    if (frame.depth >= MAX_JSON_DEPTH) {
      throw new InvalidArgumentError(
        `${shorten(frame.path)} must be storable JSON: is nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
    }
    ancestors.add(current);
    stack.push({ value: undefined, path: frame.path, depth: frame.depth, exit: current });
    const depth = frame.depth + 1;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i] as unknown, path: childPath(frame.path, i), depth });
      continue;
    }
    for (const key of Object.keys(current).reverse()) {
      stack.push({
        value: (current as Record<string, unknown>)[key],
        path: childPath(frame.path, key),
        depth,
      });
    }
  }
}
