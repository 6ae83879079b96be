import { describe, expect, it } from "vitest";
import { deepFreeze } from "../src/util/deep-freeze.js";

describe("deepFreeze", () => {
  it("freezes nested objects and arrays and returns the same value", () => {
    const value = { a: { b: [1, { c: 2 }] } };
    const result = deepFreeze(value);
    expect(result).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(Object.isFrozen(value.a.b[1])).toBe(true);
    expect(() => {
      (value.a.b[1] as { c: number }).c = 3;
    }).toThrow(TypeError);
  });

  it("handles cycles", () => {
    const value: Record<string, unknown> = { name: "x" };
    value.self = value;
    value.child = { parent: value };
    deepFreeze(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.child)).toBe(true);
  });

  it("leaves primitives, null and undefined untouched", () => {
    expect(deepFreeze(1)).toBe(1);
    expect(deepFreeze("s")).toBe("s");
    expect(deepFreeze(null)).toBe(null);
    expect(deepFreeze(undefined)).toBe(undefined);
  });

  it("freezes Maps: mutators throw, reads work, keys and values are frozen", () => {
    const inner = { deep: true };
    const map = new Map<string, unknown>([["k", inner]]);
    deepFreeze({ map });
    expect(Object.isFrozen(map)).toBe(true);
    expect(Object.isFrozen(inner)).toBe(true);
    const message = "Cannot mutate a frozen Map inside a workflow execution context";
    expect(() => map.set("x", 1)).toThrow(new TypeError(message));
    expect(() => map.delete("k")).toThrow(new TypeError(message));
    expect(() => map.clear()).toThrow(new TypeError(message));
    expect(map.get("k")).toBe(inner);
    expect(map.size).toBe(1);
  });

  it("freezes Sets: mutators throw, membership is unchanged", () => {
    const member = { m: 1 };
    const set = new Set<unknown>([member]);
    deepFreeze(set);
    const message = "Cannot mutate a frozen Set inside a workflow execution context";
    expect(() => set.add(2)).toThrow(new TypeError(message));
    expect(() => set.delete(member)).toThrow(new TypeError(message));
    expect(() => set.clear()).toThrow(new TypeError(message));
    expect(set.has(member)).toBe(true);
    expect(Object.isFrozen(member)).toBe(true);
  });

  it("does not re-enter an already-frozen object", () => {
    const inner = { mutable: true };
    const outer = Object.freeze({ inner });
    deepFreeze({ outer });
    expect(Object.isFrozen(inner)).toBe(false);
  });

  it("does not invoke getters", () => {
    let calls = 0;
    const value = {
      get lazy() {
        calls++;
        return {};
      },
    };
    deepFreeze(value);
    expect(calls).toBe(0);
    expect(Object.isFrozen(value)).toBe(true);
  });

  it("tolerates typed arrays and Dates", () => {
    const bytes = new Uint8Array([1, 2]);
    const when = new Date(0);
    expect(() => deepFreeze({ bytes, when })).not.toThrow();
    expect(Object.isFrozen(when)).toBe(true);
  });
});
