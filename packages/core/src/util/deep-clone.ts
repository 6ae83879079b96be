import { deepFreeze } from "./deep-freeze.js";

/** Thrown inside the fast path when a value needs the full structured-clone algorithm. */
const NOT_PLAIN = Symbol("not plain");

function cloneInto(value: unknown, copies: Map<object, unknown>, freeze: boolean): unknown {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "symbol" || typeof value === "function") throw NOT_PLAIN;
    return value;
  }
  const known = copies.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length)
      throw NOT_PLAIN;
    const array: unknown[] = new Array(value.length);
    copies.set(value, array);
    for (let i = 0; i < value.length; i++) array[i] = cloneInto(value[i], copies, freeze);
    return freeze ? Object.freeze(array) : array;
  }
  if (value instanceof Date) {
    if (Object.getPrototypeOf(value) !== Date.prototype) throw NOT_PLAIN;
    const date = new Date(value.getTime());
    copies.set(value, date);
    return freeze ? Object.freeze(date) : date;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) throw NOT_PLAIN;
  const object: Record<string, unknown> = {};
  copies.set(value, object);
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const entry = cloneInto(source[key], copies, freeze);
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
    return cloneInto(value, new Map(), false) as T;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return structuredClone(value);
  }
}

/**
 * `deepFreeze(deepClone(value))` in one pass for plain data (each copy is frozen as it is built); anything
 * else goes through exactly that.
 *
 * @internal
 */
export function frozenClone<T>(value: T): T {
  if (typeof value !== "object" || value === null) return deepFreeze(structuredClone(value));
  try {
    return cloneInto(value, new Map(), true) as T;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return deepFreeze(structuredClone(value));
  }
}
