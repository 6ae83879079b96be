import { deepFreeze } from "./deep-freeze.js";

/** Thrown inside the fast path when a value needs the full structured-clone algorithm. */
const NOT_PLAIN = Symbol("not plain");

/*
 * Copies already made in one clone, so shared references and cycles come out as structuredClone keeps them.
 * Workflow values are small (a row holds a context, metadata and a few Dates), and a Map per clone was a
 * measurable share of the per-transition allocations in the benchmarks: the first objects are remembered in a flat
 * [source, copy, source, copy, …] array searched linearly, and only a large value switches to a Map.
 */
const LINEAR_LIMIT = 32;

interface CloneState {
  seen: unknown[];
  map: Map<object, unknown> | undefined;
  readonly freeze: boolean;
}

function remember(state: CloneState, value: object, copy: unknown): void {
  if (state.map !== undefined) {
    state.map.set(value, copy);
    return;
  }
  const seen = state.seen;
  seen.push(value, copy);
  if (seen.length >= LINEAR_LIMIT) {
    state.map = new Map<object, unknown>();
    for (let i = 0; i < seen.length; i += 2) state.map.set(seen[i] as object, seen[i + 1]);
  }
}

function known(state: CloneState, value: object): unknown {
  if (state.map !== undefined) return state.map.get(value);
  const seen = state.seen;
  for (let i = 0; i < seen.length; i += 2) if (seen[i] === value) return seen[i + 1];
  return undefined;
}

function cloneInto(value: unknown, state: CloneState): unknown {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "symbol" || typeof value === "function") throw NOT_PLAIN;
    return value;
  }
  const copy = known(state, value);
  if (copy !== undefined) return copy;
  const freeze = state.freeze;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length)
      throw NOT_PLAIN;
    const array: unknown[] = new Array(value.length);
    remember(state, value, array);
    for (let i = 0; i < value.length; i++) array[i] = cloneInto(value[i], state);
    return freeze ? Object.freeze(array) : array;
  }
  if (value instanceof Date) {
    if (Object.getPrototypeOf(value) !== Date.prototype) throw NOT_PLAIN;
    const date = new Date(value.getTime());
    remember(state, value, date);
    return freeze ? Object.freeze(date) : date;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) throw NOT_PLAIN;
  const object: Record<string, unknown> = {};
  remember(state, value, object);
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const entry = cloneInto(source[key], state);
    // An own "__proto__" key stays data, as structuredClone keeps it.
    if (key === "__proto__") {
      Object.defineProperty(object, key, {
        value: entry,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else object[key] = entry;
  }
  return freeze ? Object.freeze(object) : object;
}

/**
 * Deep copy with `structuredClone` semantics (Dates, Maps, Sets, cycles; own `"__proto__"` keys stay data).
 * Plain data (objects, arrays, Dates, primitives — what workflow contexts and records hold) is copied by a
 * fast path that keeps shared references and cycles as structuredClone does; anything else goes through
 * `structuredClone` itself.
 *
 * @internal
 */
export function deepClone<T>(value: T): T {
  if (typeof value !== "object" || value === null) return structuredClone(value);
  try {
    return cloneInto(value, { seen: [], map: undefined, freeze: false }) as T;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return structuredClone(value);
  }
}

const FROZEN_EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

function hasEnumerableKey(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

function isEmptyPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  return !hasEnumerableKey(value);
}

/**
 * `deepFreeze(deepClone(value))` in one pass for plain data (each copy is frozen as it is built); anything
 * else goes through exactly that.
 *
 * @internal
 */
export function frozenClone<T>(value: T): T {
  if (typeof value !== "object" || value === null) return deepFreeze(structuredClone(value));
  // The frozen copy of an empty plain object is an empty frozen plain object: one shared instance will do.
  if (isEmptyPlainObject(value)) return FROZEN_EMPTY as T;
  try {
    return cloneInto(value, { seen: [], map: undefined, freeze: true }) as T;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return deepFreeze(structuredClone(value));
  }
}

/**
 * `deepClone(value)` for one field of a stored row, with the common cases made cheap: primitives as they are,
 * a plain Date as a new Date, an empty plain object or array as a new empty one (contexts, metadata and
 * command results are usually empty); anything else through {@link deepClone}. Unlike one `deepClone` of a
 * whole row, references shared between fields are not kept shared: each field is its own copy.
 *
 * @internal
 */
export function copyField<T>(value: T): T {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "symbol" || typeof value === "function") return structuredClone(value);
    return value;
  }
  if (value instanceof Date && Object.getPrototypeOf(value) === Date.prototype)
    return new Date(value.getTime()) as T;
  if (Array.isArray(value)) {
    if (value.length === 0 && Object.getPrototypeOf(value) === Array.prototype && !hasEnumerableKey(value))
      return [] as T;
  } else if (isEmptyPlainObject(value)) {
    // What the fast path (and structuredClone) makes of an empty plain object, null-prototype ones included.
    return {} as T;
  }
  return deepClone(value);
}
