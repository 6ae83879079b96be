import { Dispatcher, Event } from "../src/index.js";
import { recorder } from "./support/helpers.js";

describe("Dispatcher", () => {
  it("invokes queued events in order with their args, then the callbacks", async () => {
    const log: string[] = [];
    const e1 = new Event("one");
    const e2 = new Event("two");
    e1.attach({ update: (s) => void log.push(`one:${(s as Event).getInvokeArgs().join(",")}`) });
    e2.attach(recorder(log, "two"));
    const d = new Dispatcher();
    d.dispatch(e1, [1, 2], { invoke: () => void log.push("cb1") });
    d.dispatch(e2, undefined, { invoke: async () => void log.push("cb2") });
    d.dispatch(e2);
    expect(d.isReady()).toBe(false);
    await d.invoke();
    expect(log).toEqual(["one:1,2", "two", "two", "cb1", "cb2"]);
    expect(d.isReady()).toBe(true);
  });

  it("is ready before the callbacks run", async () => {
    const d = new Dispatcher();
    let readyInCallback = false;
    d.dispatch(new Event("e"), [], { invoke: () => void (readyInCallback = d.isReady()) });
    await d.invoke();
    expect(readyInCallback).toBe(true);
  });

  it("rejects dispatch and invoke once invoked", async () => {
    const d = new Dispatcher();
    await d.invoke();
    expect(() => d.dispatch(new Event("e"))).toThrow("Was already invoked!");
    await expect(d.invoke()).rejects.toThrow("Was already invoked!");
  });

  it("stays not ready and skips callbacks when an event throws", async () => {
    const e = new Event("e");
    e.attach({
      update: () => {
        throw new Error("boom");
      },
    });
    const cb = vi.fn();
    const d = new Dispatcher();
    d.dispatch(e, [], { invoke: cb });
    await expect(d.invoke()).rejects.toThrow("boom");
    expect(d.isReady()).toBe(false);
    expect(cb).not.toHaveBeenCalled();
  });
});
