import { describe, expect, it } from "vitest";
import { decodeReadCursor, encodeReadCursor, InvalidArgumentError } from "@duraflows/core";

describe("read cursors", () => {
  it("round-trip a timestamp and a uuid, lowercasing the uuid", () => {
    const at = new Date("2030-01-02T03:04:05.678Z");
    const cursor = encodeReadCursor(at, "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE");
    expect(decodeReadCursor(cursor)).toEqual({ at, uuid: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" });
    expect(
      decodeReadCursor(encodeReadCursor(at.toISOString(), "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")).at,
    ).toEqual(at);
  });

  it.each(["", "x", Buffer.from("[1,2]").toString("base64url"), encodeReadCursor(new Date(0), "not-a-uuid")])(
    "rejects the malformed cursor %j with InvalidArgumentError",
    (cursor) => {
      expect(() => decodeReadCursor(cursor)).toThrow(InvalidArgumentError);
    },
  );
});
