import {
  AndComposite,
  CallbackCondition,
  Contradiction,
  Not,
  OrComposite,
  Tautology,
  Timeout,
  type ConditionInterface,
} from "../src/index.js";

const ctx = new Map<string, unknown>();
const spyCondition = (name: string, result: boolean) => {
  const fn = vi.fn(() => result);
  return { fn, condition: new CallbackCondition(name, fn) };
};

describe("Tautology and Contradiction", () => {
  it("return plain booleans synchronously with default names", () => {
    expect(new Tautology().getName()).toBe("Tautology");
    expect(new Contradiction().getName()).toBe("Contradiction");
    expect(new Tautology("yes").getName()).toBe("yes");
    expect(new Contradiction("no").getName()).toBe("no");
    expect(new Tautology().checkCondition({}, ctx)).toBe(true);
    expect(new Contradiction().checkCondition({}, ctx)).toBe(false);
  });
});

describe("CallbackCondition", () => {
  it("returns whatever the callback returns, without an async wrapper", async () => {
    const sync = new CallbackCondition("sync", () => true);
    expect(sync.checkCondition({}, ctx)).toBe(true);
    const async = new CallbackCondition("async", async () => false);
    const result = async.checkCondition({}, ctx);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(false);
  });

  it("receives the subject and the context map", () => {
    const order = { amount: 500 };
    const condition = new CallbackCondition<{ amount: number }>(
      "cheap",
      (o, c) => o.amount < (c.get("limit") as number),
    );
    expect(condition.getName()).toBe("cheap");
    expect(condition.checkCondition(order, new Map([["limit", 1000]]))).toBe(true);
  });
});

describe("Timeout", () => {
  afterEach(() => vi.useRealTimers());
  const changedAt = (date: Date) => ({ getLastStateHasChangedDate: () => date });

  it("names itself with a default or custom label", () => {
    expect(new Timeout(5000).getName()).toBe("Timeout: 5000ms");
    expect(new Timeout(86_400_000, "1 day").getName()).toBe("Timeout: 1 day");
  });

  it("is true once the timeout elapsed (inclusive) and synchronous", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2024-01-01T00:00:10.000Z"));
    const subject = changedAt(new Date("2024-01-01T00:00:05.000Z"));
    expect(new Timeout(5000).checkCondition(subject, ctx)).toBe(true);
    expect(new Timeout(5001).checkCondition(subject, ctx)).toBe(false);
    expect(new Timeout(0).checkCondition(changedAt(new Date()), ctx)).toBe(true);
  });

  it("throws for subjects without getLastStateHasChangedDate", () => {
    expect(() => new Timeout(1).checkCondition({}, ctx)).toThrow(/LastStateHasChangedDateInterface/);
    expect(() => new Timeout(1).checkCondition(undefined, ctx)).toThrow(/LastStateHasChangedDateInterface/);
  });

  it("lets subclasses supply the date", () => {
    class ContextTimeout extends Timeout {
      protected override getLastStateHasChangedDate(_s: unknown, context: Map<string, unknown>): Date {
        return context.get("since") as Date;
      }
    }
    const since = new Date(Date.now() - 10_000);
    expect(new ContextTimeout(5000).checkCondition({}, new Map([["since", since]]))).toBe(true);
  });
});

describe("AndComposite", () => {
  it("names its members and chains addAnd", () => {
    const and = new AndComposite(new Tautology("A"));
    expect(and.getName()).toBe("(A)");
    expect(and.addAnd(new Tautology("B")).addAnd(new Tautology("C"))).toBe(and);
    expect(and.getName()).toBe("(A and B and C)");
  });

  it("is async and short-circuits on the first false", async () => {
    const first = spyCondition("A", true);
    const second = spyCondition("B", false);
    const third = spyCondition("C", true);
    const and = new AndComposite(first.condition).addAnd(second.condition).addAnd(third.condition);
    const result = and.checkCondition({}, ctx);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(false);
    expect(first.fn).toHaveBeenCalledTimes(1);
    expect(third.fn).not.toHaveBeenCalled();
    expect(
      await new AndComposite(new Tautology())
        .addAnd(new CallbackCondition("x", async () => true))
        .checkCondition({}, ctx),
    ).toBe(true);
  });
});

describe("OrComposite", () => {
  it("names its members and short-circuits on the first true", async () => {
    const first = spyCondition("A", false);
    const second = spyCondition("B", true);
    const third = spyCondition("C", true);
    const or = new OrComposite(first.condition).addOr(second.condition).addOr(third.condition);
    expect(or.getName()).toBe("(A or B or C)");
    expect(new OrComposite(new Tautology("A")).getName()).toBe("(A)");
    expect(await or.checkCondition({}, ctx)).toBe(true);
    expect(third.fn).not.toHaveBeenCalled();
    expect(
      await new OrComposite(new Contradiction()).addOr(new Contradiction()).checkCondition({}, ctx),
    ).toBe(false);
  });
});

describe("Not", () => {
  it("names with spaces inside the parentheses and negates asynchronously", async () => {
    const not = new Not(new Tautology("A"));
    expect(not.getName()).toBe("not ( A )");
    expect(new Not(new AndComposite(new Tautology("A")).addAnd(new Tautology("B"))).getName()).toBe(
      "not ( (A and B) )",
    );
    expect(await not.checkCondition({}, ctx)).toBe(false);
    expect(await new Not(new CallbackCondition("x", async () => false)).checkCondition({}, ctx)).toBe(true);
  });

  it("composes typed conditions", async () => {
    type Order = { amount: number };
    const canApprove: ConditionInterface<Order> = new CallbackCondition<Order>(
      "canApprove",
      (o) => o.amount <= 1000,
    );
    expect(await new Not<Order>(canApprove).checkCondition({ amount: 2000 }, ctx)).toBe(true);
  });
});
