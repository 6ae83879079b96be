import { describe, expect, it } from "vitest";
import { InvalidArgumentError, isRetryableWorkflowError, WorkflowError } from "@duraflows/core";

/** A driver error as pg raises it: an `Error` carrying the SQLSTATE in `code`. */
function driverError(code: string): Error {
  return Object.assign(new Error(`driver error ${code}`), { code });
}

describe("isRetryableWorkflowError", () => {
  it.each(["55P03", "40001", "40P01"])("recognises SQLSTATE %s on the error itself", (code) => {
    expect(isRetryableWorkflowError(driverError(code))).toBe(true);
  });

  it("recognises the SQLSTATE through a cause chain", () => {
    const wrapped = new WorkflowError("trigger failed", new Error("outer", { cause: driverError("55P03") }));
    expect(isRetryableWorkflowError(wrapped)).toBe(true);
    expect(isRetryableWorkflowError({ cause: { cause: { code: "40P01" } } })).toBe(true);
  });

  it.each([
    ["another SQLSTATE (unique violation)", driverError("23505")],
    ["a query canceled by statement_timeout", driverError("57014")],
    ["a numeric code", { code: 40001 }],
    ["a workflow error without a cause", new InvalidArgumentError("bad")],
    ["null", null],
    ["undefined", undefined],
    ["a string", "55P03"],
  ])("is false for %s", (_label, value) => {
    expect(isRetryableWorkflowError(value)).toBe(false);
  });

  it("stops on a cyclic cause chain and on a very long one", () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(isRetryableWorkflowError(a)).toBe(false);

    let deep: unknown = driverError("40001");
    for (let i = 0; i < 1_000; i++) deep = { cause: deep };
    expect(isRetryableWorkflowError(deep)).toBe(false);
  });

  it("treats a throwing property as not retryable", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("no");
        },
      },
    );
    expect(isRetryableWorkflowError(hostile)).toBe(false);
  });
});
