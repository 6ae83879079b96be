import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../src/errors/workflow-error.js";
import { assertNonNegativeSafeInteger, assertPositiveSafeInteger } from "../src/util/assert-integer.js";
import { deepClone } from "../src/util/deep-clone.js";
import { isUuidText } from "../src/util/is-uuid-text.js";
import { jsonNormalize } from "../src/util/json-normalize.js";
import { randomUuid } from "../src/util/random-uuid.js";

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

describe("isUuidText", () => {
  const UUID_TEXT = /^\{?[0-9a-f]{4}(?:-?[0-9a-f]{4}){7}\}?$/i;

  it("answers as the PostgreSQL-forms pattern does, canonical forms (checked without it) included", () => {
    const samples = [
      "5f8f3f2e-8519-48cd-914d-a42c17073583",
      "5F8F3F2E-8519-48CD-914D-A42C17073583",
      "5f8f3f2e851948cd914da42c17073583",
      "{5f8f3f2e-8519-48cd-914d-a42c17073583}",
      "5f8f3f2e-8519-48cd-914d-a42c1707358g",
      "5f8f3f2e-8519-48cd-914d_a42c17073583",
      "5f8f3f2e-8519-48cd-914d-a42c1707358",
      "5f8f3f2e-8519-48cd-914d-a42c170735833",
      "5f8f3f2e-8519-48cd-914d-a42c1707358@",
      "5f8f3f2e-8519-48cd-914d-a42c1707358`",
      "5f8f3f2e-8519-48cd-914d-a42c1707358G",
      "",
    ];
    for (let i = 0; i < 200; i++)
      samples.push(
        randomUuid().replace(/[0-9a-f]/, (c) => String.fromCharCode(c.charCodeAt(0) + (i % 7) - 3)),
      );
    for (const sample of samples) expect(isUuidText(sample), sample).toBe(UUID_TEXT.test(sample));
    expect(isUuidText(42)).toBe(false);
  });
});

describe("randomUuid", () => {
  it("gives distinct lowercase version-4 UUIDs, also across refills of its random bytes", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const uuid = randomUuid();
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(uuid);
    }
    expect(seen.size).toBe(1000);
  });
});
