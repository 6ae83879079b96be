import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../src/errors/workflow-error.js";
import { assertNonNegativeSafeInteger, assertPositiveSafeInteger } from "../src/util/assert-integer.js";
import { deepClone } from "../src/util/deep-clone.js";
import { jsonNormalize } from "../src/util/json-normalize.js";

describe("deepClone", () => {
  it("copies deeply, keeping Dates, Maps and cycles", () => {
    const source: Record<string, unknown> = { when: new Date(5), map: new Map([["a", { b: 1 }]]) };
    source.self = source;
    const copy = deepClone(source);
    expect(copy).not.toBe(source);
    expect(copy.self).toBe(copy);
    expect(copy.when).toEqual(new Date(5));
    expect((copy.map as Map<string, unknown>).get("a")).toEqual({ b: 1 });
    expect((copy.map as Map<string, unknown>).get("a")).not.toBe(
      (source.map as Map<string, unknown>).get("a"),
    );
  });

  it('keeps an own "__proto__" key as data, never as a prototype change', () => {
    const source = JSON.parse('{"__proto__":{"polluted":true},"x":1}') as Record<string, unknown>;
    const copy = deepClone(source);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, "__proto__")).toBe(true);
    expect(Object.keys(copy)).toEqual(["__proto__", "x"]);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toEqual({ polluted: true });
  });
});

describe("assertPositiveSafeInteger / assertNonNegativeSafeInteger", () => {
  it("accepts valid values", () => {
    expect(() => assertPositiveSafeInteger("limit", 1)).not.toThrow();
    expect(() => assertPositiveSafeInteger("limit", Number.MAX_SAFE_INTEGER)).not.toThrow();
    expect(() => assertNonNegativeSafeInteger("offset", 0)).not.toThrow();
  });

  it.each([0, -1, 1.5, NaN, Infinity, "3", null, undefined, Number.MAX_SAFE_INTEGER + 1])(
    "rejects %s as positive",
    (value) => {
      const error = (() => {
        try {
          assertPositiveSafeInteger("limit", value);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toBe(`limit must be a positive integer, got ${String(value)}`);
    },
  );

  it.each([-1, 0.5, NaN, "0"])("rejects %s as non-negative", (value) => {
    expect(() => assertNonNegativeSafeInteger("offset", value)).toThrow(
      new InvalidArgumentError(`offset must be a non-negative integer, got ${String(value)}`),
    );
  });

  it("renders the value with String()", () => {
    expect(() => assertPositiveSafeInteger("x", [1, 2])).toThrow("x must be a positive integer, got 1,2");
    expect(() => assertPositiveSafeInteger("x", {})).toThrow(
      "x must be a positive integer, got [object Object]",
    );
    expect(() => assertPositiveSafeInteger("x", Object.create(null))).toThrow(
      "x must be a positive integer, got [object Object]",
    );
  });
});

describe("jsonNormalize", () => {
  it("round-trips through JSON", () => {
    const value = { when: new Date("2024-01-01T00:00:00.000Z"), gone: undefined, list: [1, undefined] };
    expect(jsonNormalize(value)).toEqual({ when: "2024-01-01T00:00:00.000Z", list: [1, null] });
    expect(Object.hasOwn(jsonNormalize(value), "gone")).toBe(false);
  });

  it("throws the original error", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => jsonNormalize(cyclic)).toThrow(TypeError);
    expect(() => jsonNormalize({ big: 1n })).toThrow(/BigInt/);
  });

  it("returns undefined for a top-level value JSON cannot represent", () => {
    expect(jsonNormalize(undefined)).toBeUndefined();
  });
});
