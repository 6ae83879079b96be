import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { deterministicTransitionUuid } from "../src/durable/deterministic-transition-uuid.js";
import { durableAvailableAt, durableBackoffDelayMs } from "../src/durable/durable-backoff.js";
import { assertDurableKey, copyDurableJson, parseDurableEnqueueInput } from "../src/durable/durable-input.js";
import { InvalidArgumentError } from "../src/errors/workflow-error.js";

const KEY_MESSAGE =
  "Durable keys/fingerprints must be nonblank valid Unicode strings of at most 256 UTF-8 bytes without NUL";

describe("deterministicTransitionUuid", () => {
  it("matches the specified test vector", () => {
    expect(deterministicTransitionUuid("00000000-0000-0000-0000-000000000001", 0)).toBe(
      "b5e2f590-8023-53c1-a604-fb003b96237a",
    );
    expect(deterministicTransitionUuid("00000000-0000-0000-0000-000000000001", 1)).toBe(
      "52aff933-662a-557c-a70b-baaa17cae895",
    );
  });

  it("is stable, hop-specific and shaped like a version-5 UUID", () => {
    const uuid = "3f1c2a4e-8b7d-4c6e-9a1f-0b2c3d4e5f60";
    expect(deterministicTransitionUuid(uuid, 2)).toBe(deterministicTransitionUuid(uuid, 2));
    expect(deterministicTransitionUuid(uuid, 2)).not.toBe(deterministicTransitionUuid(uuid, 3));
    expect(deterministicTransitionUuid(uuid, 7)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe("durable backoff", () => {
  const policy = { initialDelayMs: 1000, maxDelayMs: 3_600_000 };

  it("doubles from initialDelayMs and caps at maxDelayMs", () => {
    expect([1, 2, 3, 4].map((n) => durableBackoffDelayMs(policy, n))).toEqual([1000, 2000, 4000, 8000]);
    expect(durableBackoffDelayMs(policy, 12)).toBe(2_048_000);
    expect(durableBackoffDelayMs(policy, 13)).toBe(3_600_000);
  });

  it("caps the exponent at 52 so huge attempt counts stay finite", () => {
    const wide = { initialDelayMs: 1, maxDelayMs: Number.MAX_SAFE_INTEGER };
    expect(durableBackoffDelayMs(wide, 53)).toBe(2 ** 52);
    expect(durableBackoffDelayMs(wide, 10_000)).toBe(2 ** 52);
  });

  it("computes availableAt from now", () => {
    const now = new Date("2030-01-01T00:00:00.000Z");
    expect(durableAvailableAt(now, policy, 3).toISOString()).toBe("2030-01-01T00:00:04.000Z");
  });
});

describe("durable keys", () => {
  it.each([
    ["empty", ""],
    ["blank", " \t\n"],
    ["NUL", "a\u0000b"],
    ["lone high surrogate", "a\uD800"],
    ["lone low surrogate", "\uDC00a"],
    ["257 bytes", "a".repeat(257)],
    ["129 two-byte characters", "é".repeat(129)],
    ["a number", 42],
    ["null", null],
  ])("rejects %s", (_name, value) => {
    expect(() => assertDurableKey(value)).toThrow(new InvalidArgumentError(KEY_MESSAGE));
  });

  it("accepts up to 256 UTF-8 bytes and paired surrogates", () => {
    expect(() => assertDurableKey("a".repeat(256))).not.toThrow();
    expect(() => assertDurableKey("é".repeat(128))).not.toThrow();
    expect(() => assertDurableKey("order \uD83D\uDE00 1")).not.toThrow();
  });
});

describe("parseDurableEnqueueInput", () => {
  const base = { workflowInstanceUuid: "u", eventName: "Go", idempotencyKey: "k" };

  it("requires the key and validates the fingerprint with the durable message", () => {
    expect(() =>
      parseDurableEnqueueInput({ ...base, idempotencyKey: undefined as unknown as string }),
    ).toThrow(new InvalidArgumentError("enqueueEvent requires idempotencyKey"));
    expect(() => parseDurableEnqueueInput({ ...base, idempotencyKey: " " })).toThrow(KEY_MESSAGE);
    expect(() => parseDurableEnqueueInput({ ...base, idempotencyFingerprint: "" })).toThrow(KEY_MESSAGE);
    expect(() =>
      parseDurableEnqueueInput({ ...base, idempotencyFingerprint: null as unknown as string }),
    ).toThrow(KEY_MESSAGE);
  });

  it("defaults trigger metadata to {} and keeps an omitted subject absent", () => {
    const parsed = parseDurableEnqueueInput(base);
    expect(parsed).toEqual({ ...base, hasSubject: false, triggerMetadata: {} });
    expect(Object.hasOwn(parsed, "subject")).toBe(false);
    expect(Object.hasOwn(parsed, "idempotencyFingerprint")).toBe(false);
  });

  it("treats null trigger metadata like an omitted one, as triggerEvent does", () => {
    const input = { ...base, triggerMetadata: null as unknown as Record<string, unknown> };
    expect(parseDurableEnqueueInput(input).triggerMetadata).toEqual({});
  });

  it("copies the inputs at once so later caller mutations do not leak in", () => {
    const subject = { items: [{ sku: "a" }] };
    const triggerMetadata = { user: { id: 1 } };
    const parsed = parseDurableEnqueueInput({
      ...base,
      subject,
      triggerMetadata,
      idempotencyFingerprint: "f",
    });
    subject.items[0].sku = "changed";
    triggerMetadata.user.id = 2;
    expect(parsed.subject).toEqual({ items: [{ sku: "a" }] });
    expect(parsed.triggerMetadata).toEqual({ user: { id: 1 } });
    expect(parsed.idempotencyFingerprint).toBe("f");
    expect(parseDurableEnqueueInput({ ...base, subject: null }).subject).toBeNull();
  });

  it.each([
    ["an array", [1]],
    ["a string", "x"],
    ["a Date", new Date(0)],
    ["a class instance", new (class Meta {})()],
  ])("rejects %s as trigger metadata", (_name, value) => {
    expect(() =>
      parseDurableEnqueueInput({ ...base, triggerMetadata: value as Record<string, unknown> }),
    ).toThrow(new InvalidArgumentError("Durable inputs must be plain JSON objects"));
  });
});

describe("durable JSON checks", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const sparse: number[] = [1];
  sparse[2] = 3;
  const cyclicArray: unknown[] = [];
  cyclicArray.push(cyclicArray);

  it.each([
    ["a function", () => 1],
    ["a bigint", 1n],
    ["a symbol", Symbol("s")],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["an undefined member", { a: undefined }],
    ["an undefined array element", [undefined]],
    ["a sparse array", sparse],
    ["a nested function", { a: { f: () => 1 } }],
    ["a toJSON method", { toJSON: () => "x" }],
    ["a symbol key", { [Symbol("k")]: 1 }],
    ["an object cycle", cyclic],
    ["an array cycle", cyclicArray],
  ])("rejects %s as not a JSON value", (_name, value) => {
    expect(() => copyDurableJson(value)).toThrow(
      new InvalidArgumentError("Durable inputs must be JSON values"),
    );
  });

  it.each([
    ["a Date", { at: new Date(0) }],
    ["a Map", new Map()],
    ["a class instance", { item: new (class Item {})() }],
    ["an object inheriting from a plain object", Object.create({ inherited: 1 })],
    ["a typed array", { bytes: new Uint8Array(2) }],
  ])("rejects %s as not a plain object", (_name, value) => {
    expect(() => copyDurableJson(value)).toThrow(
      new InvalidArgumentError("Durable inputs must be plain JSON objects"),
    );
  });

  it("accepts plain JSON, null-prototype objects and objects from another realm", () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const foreign = runInNewContext("({ nested: { list: [1, 'two', true, null] } })") as unknown;
    const shared = { x: 1 };
    expect(copyDurableJson({ n: -0.5, s: "s", b: false, z: null, l: [[]], o: {} })).toEqual({
      n: -0.5,
      s: "s",
      b: false,
      z: null,
      l: [[]],
      o: {},
    });
    expect(copyDurableJson(bare)).toEqual({ a: 1 });
    expect(copyDurableJson(foreign)).toEqual({ nested: { list: [1, "two", true, null] } });
    expect(copyDurableJson({ a: shared, b: [shared] })).toEqual({ a: { x: 1 }, b: [{ x: 1 }] });
    expect(copyDurableJson("text")).toBe("text");
  });

  it("returns a JSON copy whose objects use this realm's prototype", () => {
    const foreign = runInNewContext("({ a: { b: 1 } })") as Record<string, unknown>;
    const copy = copyDurableJson(foreign) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy.a).not.toBe(foreign.a);
  });
});
