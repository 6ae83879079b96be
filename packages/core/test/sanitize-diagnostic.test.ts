import { describe, expect, it } from "vitest";
import { sanitizeDiagnostic } from "../src/util/sanitize-diagnostic.js";

describe("sanitizeDiagnostic", () => {
  it("keeps ordinary text and valid surrogate pairs", () => {
    expect(sanitizeDiagnostic("boom 🎉 done")).toBe("boom 🎉 done");
    expect(sanitizeDiagnostic("")).toBe("");
  });

  it("replaces NUL with U+FFFD", () => {
    expect(sanitizeDiagnostic("a\u0000b\u0000")).toBe("a\uFFFDb\uFFFD");
  });

  it("replaces unpaired high and low surrogates with U+FFFD", () => {
    expect(sanitizeDiagnostic("x\uD800y")).toBe("x\uFFFDy");
    expect(sanitizeDiagnostic("x\uDC00y")).toBe("x\uFFFDy");
    expect(sanitizeDiagnostic("end\uD83D")).toBe("end\uFFFD");
    expect(sanitizeDiagnostic("\uDE00\uD83D")).toBe("\uFFFD\uFFFD");
  });

  it("truncates to 2000 UTF-16 code units", () => {
    expect(sanitizeDiagnostic("a".repeat(2500))).toBe("a".repeat(2000));
    expect(sanitizeDiagnostic("a".repeat(2000))).toHaveLength(2000);
  });

  it("never splits a surrogate pair at the limit", () => {
    const text = "a".repeat(1999) + "🎉" + "b";
    const result = sanitizeDiagnostic(text);
    expect(result).toBe("a".repeat(1999));
    expect(sanitizeDiagnostic("a".repeat(1998) + "🎉b")).toBe("a".repeat(1998) + "🎉");
  });

  it("sanitizes before truncating", () => {
    expect(sanitizeDiagnostic("\u0000".repeat(3000))).toBe("\uFFFD".repeat(2000));
  });
});
