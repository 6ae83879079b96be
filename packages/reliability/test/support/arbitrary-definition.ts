import fc from "fast-check";

/**
 * Names a hostile or careless author might use: inherited Object.prototype names, SQL, quotes, `$`-reserved
 * events, emoji, long names, and names no store can keep (NUL, lone surrogate).
 */
export const hostileName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("a", "b", "c", "d", "e") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "__proto__",
      "constructor",
      "toString",
      "hasOwnProperty",
      "'; DROP TABLE workflow_instances; --",
      '"quoted"',
      "$reserved",
      "a.b[0]",
      "😀",
      "x".repeat(300),
      "",
      " ",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("nul\u0000name", "lone\ud800") },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

/** Commands of the property runtime: see `propertyCommands` in the test. */
export const COMMAND_NAMES = ["ok", "fail", "throw", "flaky", "garbage"] as const;

const timeoutField = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(1, 5, 60) },
  fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY, "5" as unknown as number),
);

const commandRefs = fc.array(
  fc.record(
    {
      name: fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...COMMAND_NAMES) },
        { weight: 1, arbitrary: fc.constant("unknown") },
      ),
      transactional: fc.oneof(
        { weight: 9, arbitrary: fc.boolean() },
        fc.constant("yes" as unknown as boolean),
      ),
      metadata: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    },
    { requiredKeys: ["name"] },
  ),
  { maxLength: 3 },
);

// Mostly real states, so that a good share of the definitions is valid and gets executed.
const target = (states: string[]) =>
  fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...states) }, fc.constant("ghost"));

/** An own-keyed object from entries (`Object.fromEntries` defines `__proto__` as data, never as a prototype). */
const objectOf = <T>(entries: fc.Arbitrary<[string, T][]>) => entries.map((list) => Object.fromEntries(list));

/** Random, often invalid, definitions over a small set of hostile state and event names. */
export const arbitraryDefinition = fc
  .uniqueArray(hostileName, { minLength: 1, maxLength: 5 })
  .chain((states) => {
    const event = fc.record(
      {
        targetState: target(states),
        errorState: target(states),
        commands: commandRefs,
        guard: fc.record({
          name: fc.oneof({ weight: 9, arbitrary: fc.constant("maybe") }, fc.constant("unknownGuard")),
        }),
        timeout: fc.record(
          { afterMinutes: timeoutField, afterHours: timeoutField, afterDays: timeoutField },
          { requiredKeys: [] },
        ),
        metadata: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    );
    // onEnter on every state would mostly form cycles (rejected); a third of the states get one.
    const onEnter = fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      fc.record(
        { targetState: target(states), errorState: target(states), commands: commandRefs },
        { requiredKeys: [] },
      ),
    );
    const state = fc
      .record(
        {
          context: fc.dictionary(hostileName, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
          events: objectOf(
            fc.uniqueArray(fc.tuple(hostileName, event), {
              minLength: 1,
              maxLength: 3,
              selector: ([name]) => name,
            }),
          ),
          onEnter,
          metadata: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
        },
        { requiredKeys: ["events"] },
      )
      .map(({ onEnter: entry, ...rest }) => (entry === undefined ? rest : { ...rest, onEnter: entry }));
    return fc.record({
      name: fc.oneof({ weight: 3, arbitrary: fc.constant("wf") }, hostileName),
      initialState: fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...states) }, fc.constant("ghost")),
      states: objectOf(fc.tuple(...states.map((name) => fc.tuple(fc.constant(name), state)))),
    });
  });

/** One step of a random run. */
export type Step =
  | { kind: "event"; name: string; subject: unknown }
  | { kind: "advance"; minutes: number }
  | { kind: "sweep" };

export const arbitrarySteps = (eventNames: string[]) =>
  fc.array(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant("event" as const),
          name: fc.constantFrom(...eventNames, "nope"),
          subject: fc.jsonValue({ maxDepth: 1 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("advance" as const),
          minutes: fc.integer({ min: 1, max: 90 }),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ kind: "sweep" as const }) },
    ),
    { maxLength: 25 },
  );
