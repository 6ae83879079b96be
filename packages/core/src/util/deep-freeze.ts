const FROZEN_MAP_MESSAGE = "Cannot mutate a frozen Map inside a workflow execution context";
const FROZEN_SET_MESSAGE = "Cannot mutate a frozen Set inside a workflow execution context";

function throwing(message: string): () => never {
  return () => {
    throw new TypeError(message);
  };
}

function freezeMap(map: Map<unknown, unknown>, seen: WeakSet<object>): void {
  for (const [key, entry] of map) {
    freezeInto(key, seen);
    freezeInto(entry, seen);
  }
  const reject = throwing(FROZEN_MAP_MESSAGE);
  // Object.freeze alone leaves a Map's internal slots writable, so the mutators are shadowed by own properties.
  for (const method of ["set", "delete", "clear"]) {
    Object.defineProperty(map, method, {
      value: reject,
      writable: false,
      enumerable: false,
      configurable: false,
    });
  }
  Object.freeze(map);
}

function freezeSet(set: Set<unknown>, seen: WeakSet<object>): void {
  for (const entry of set) freezeInto(entry, seen);
  const reject = throwing(FROZEN_SET_MESSAGE);
  for (const method of ["add", "delete", "clear"]) {
    Object.defineProperty(set, method, {
      value: reject,
      writable: false,
      enumerable: false,
      configurable: false,
    });
  }
  Object.freeze(set);
}

function freezeInto(value: unknown, seen: WeakSet<object>): void {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return;
  const target = value as object;
  if (seen.has(target)) return;
  seen.add(target);
  if (Object.isFrozen(target)) return;
  if (target instanceof Map) return freezeMap(target, seen);
  if (target instanceof Set) return freezeSet(target, seen);
  // Typed arrays with elements cannot be frozen (Object.freeze throws); leave them as they are.
  if (ArrayBuffer.isView(target)) return;
  for (const key of Reflect.ownKeys(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    // Accessors are not invoked: a getter could have side effects.
    if (descriptor && "value" in descriptor) freezeInto(descriptor.value, seen);
  }
  Object.freeze(target);
}

/**
 * Freezes a value recursively (cycle-safe) and returns it. Maps and Sets are frozen too: their mutators
 * (`set`/`add`, `delete`, `clear`) throw a `TypeError`. Already-frozen objects are not re-entered, accessors
 * are not invoked, and typed arrays are left as they are. This is how the runtime freezes registered
 * definitions and the read-only parts of a `WorkflowExecutionContext`.
 *
 * Advanced: a building block for adapters and tests; most applications never need it.
 *
 * @advanced
 * @example
 * ```ts
 * const settings = deepFreeze({ limits: { retries: 3 } });
 * settings.limits.retries = 4; // TypeError in strict mode
 * ```
 */
export function deepFreeze<T>(value: T): T {
  freezeInto(value, new WeakSet<object>());
  return value;
}
