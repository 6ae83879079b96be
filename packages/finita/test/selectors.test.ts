import {
  OneOrNoneActiveTransition,
  ScoreTransition,
  State,
  Tautology,
  Transition,
  WeightTransition,
  type TransitionInterface,
} from "../src/index.js";

const target = new State("t");
const weighted = (w: number, event: string | null = null) => {
  const t = new Transition(target, event);
  t.setWeight(w);
  return t;
};

describe("OneOrNoneActiveTransition", () => {
  const selector = new OneOrNoneActiveTransition();
  it("returns null, the only transition, or throws", () => {
    const t = new Transition(target);
    expect(selector.selectTransition([])).toBeNull();
    expect(selector.selectTransition([t])).toBe(t);
    expect(selector.selectTransition(new Set([t]))).toBe(t);
    expect(() => selector.selectTransition([t, new Transition(target)])).toThrow(
      "More than one transition is active!",
    );
  });
});

describe("ScoreTransition", () => {
  const bare = new Transition(target);
  const conditionOnly = new Transition(target, null, new Tautology("c"));
  const eventOnly = new Transition(target, "e");
  const both = new Transition(target, "e", new Tautology("c"));

  it("prefers the highest score: event+condition 3, event 2, condition 1, bare 0", () => {
    const selector = new ScoreTransition();
    expect(selector.selectTransition([bare, conditionOnly, eventOnly, both])).toBe(both);
    expect(selector.selectTransition([bare, conditionOnly, eventOnly])).toBe(eventOnly);
    expect(selector.selectTransition([bare, conditionOnly])).toBe(conditionOnly);
    expect(selector.selectTransition([bare])).toBe(bare);
    expect(selector.selectTransition([])).toBeNull();
  });

  it("throws on ties with the default inner selector", () => {
    expect(() =>
      new ScoreTransition().selectTransition([eventOnly, new Transition(new State("x"), "f")]),
    ).toThrow("More than one transition is active!");
  });

  it("passes the tied group to the inner selector", () => {
    const seen: TransitionInterface[][] = [];
    const inner = { selectTransition: (ts: Iterable<TransitionInterface>) => (seen.push([...ts]), null) };
    const other = new Transition(new State("x"), "f");
    new ScoreTransition(inner).selectTransition([bare, eventOnly, other]);
    expect(seen).toEqual([[eventOnly, other]]);
  });

  it("lets subclasses override calculateScore", () => {
    class PreferBare extends ScoreTransition {
      protected override calculateScore(t: TransitionInterface): number {
        return t.getEventName() ? 0 : 1;
      }
    }
    expect(new PreferBare().selectTransition([eventOnly, bare])).toBe(bare);
  });
});

describe("WeightTransition", () => {
  it("picks the heaviest transition", () => {
    const [w1, w3, w2] = [weighted(1), weighted(3), weighted(2)];
    expect(new WeightTransition().selectTransition([w1, w3, w2])).toBe(w3);
    const [low, high] = [weighted(0.001), weighted(0.002)];
    expect(new WeightTransition().selectTransition([low, high])).toBe(high);
    expect(new WeightTransition().selectTransition([high, low])).toBe(high);
  });

  it("treats weights within epsilon as a tie", () => {
    expect(() => new WeightTransition().selectTransition([weighted(1), weighted(1.0005)])).toThrow(
      "More than one transition is active!",
    );
    const a = weighted(1);
    const b = weighted(1.0005);
    expect(new WeightTransition(new OneOrNoneActiveTransition(), 0.0001).selectTransition([a, b])).toBe(b);
  });

  it("returns null for no transitions and passes groups to the inner selector", () => {
    expect(new WeightTransition().selectTransition([])).toBeNull();
    const seen: TransitionInterface[][] = [];
    const inner = { selectTransition: (ts: Iterable<TransitionInterface>) => (seen.push([...ts]), null) };
    const [a, b, c] = [weighted(2), weighted(1), weighted(2.0001)];
    new WeightTransition(inner).selectTransition([a, b, c]);
    expect(seen).toEqual([[a, c]]);
  });

  it("chains with ScoreTransition", () => {
    const light = weighted(1, "e");
    const heavy = weighted(5, "e");
    const bare = weighted(10);
    expect(new ScoreTransition(new WeightTransition()).selectTransition([light, heavy, bare])).toBe(heavy);
  });
});
