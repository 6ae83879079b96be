import {
  DuplicateStateError,
  DuplicateTransitionError,
  FinitaError,
  GraphValidationError,
  InvalidTransitionError,
  LockCanNotBeAcquiredError,
  ProcessFinalizedError,
  WrongEventForStateError,
} from "../src/index.js";

describe("errors", () => {
  it("WrongEventForStateError carries the names and the exact message", () => {
    const e = new WrongEventForStateError("draft", "archive");
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(FinitaError);
    expect(e.name).toBe("WrongEventForStateError");
    expect(e.message).toBe('Current state "draft" doesn\'t have event "archive"');
    expect(e.stateName).toBe("draft");
    expect(e.eventName).toBe("archive");
    expect(e.code).toBe("wrongEventForState");
  });

  it("LockCanNotBeAcquiredError has a default message", () => {
    const e = new LockCanNotBeAcquiredError();
    expect(e.message).toBe("Lock can not be acquired!");
    expect(e.name).toBe("LockCanNotBeAcquiredError");
    expect(e.code).toBe("lockCanNotBeAcquired");
    expect(new LockCanNotBeAcquiredError("busy").message).toBe("busy");
    expect(e).toBeInstanceOf(FinitaError);
  });

  it("DuplicateStateError names the state", () => {
    const e = new DuplicateStateError("a");
    expect(e.message).toBe('There is already a different state with name "a" in this collection');
    expect(e.name).toBe("DuplicateStateError");
    expect(e.stateName).toBe("a");
    expect(e.code).toBe("duplicateState");
    expect(e).toBeInstanceOf(Error);
  });

  it("FinitaError is abstract at run time", () => {
    const Abstract = FinitaError as unknown as new (message: string) => Error;
    expect(() => new Abstract("x")).toThrow(TypeError);
  });

  it("every v3-style error has a code, a name and a stack", () => {
    const errors: FinitaError[] = [
      new DuplicateTransitionError("a", "go", "b", ["x", "y"]),
      new GraphValidationError("orphanState", "msg", ["z"]),
      new ProcessFinalizedError("p"),
      new InvalidTransitionError("bad"),
    ];
    expect(errors.map((e) => [e.name, e.code])).toEqual([
      ["DuplicateTransitionError", "duplicateTransition"],
      ["GraphValidationError", "orphanState"],
      ["ProcessFinalizedError", "processFinalized"],
      ["InvalidTransitionError", "invalidTransition"],
    ]);
    for (const e of errors) {
      expect(e).toBeInstanceOf(FinitaError);
      expect(e).toBeInstanceOf(Error);
      expect(typeof e.stack).toBe("string");
    }
  });
});
