import { describe, expect, it } from "vitest";
import { WorkflowCompiler, WorkflowValidator, type WorkflowDefinition } from "@duraflows/core";

// Regression found by the property tests: the validator accepted "" and whitespace-padded event
// names, which the compiler then refused, so "every definition the validator accepts compiles" did not hold.
const withEvent = (eventName: string): WorkflowDefinition => ({
  name: "w",
  initialState: "a",
  states: { a: { events: { [eventName]: { targetState: "a" } } } },
});

describe("validator: event names the compiler cannot take", () => {
  it.each(["", " ", " go", "go ", "\tgo"])("reports %j instead of letting compilation fail", (eventName) => {
    const result = new WorkflowValidator().validate(withEvent(eventName));
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      {
        path: `states.a.events.${eventName}`,
        message: "Event names must be non-empty without surrounding whitespace",
      },
    ]);
  });

  it.each(["go", "g o", "😀 go", '""', "$ok".slice(1)])("accepts %j, which compiles", (eventName) => {
    expect(new WorkflowValidator().validate(withEvent(eventName)).valid).toBe(true);
    expect(() => new WorkflowCompiler().compile(withEvent(eventName))).not.toThrow();
  });
});
