import { CallbackObserver, Event } from "../src/index.js";
import { recorder } from "./support/helpers.js";

describe("Event", () => {
  it("keeps one copy of an observer attached twice and detaches", () => {
    const e = new Event("go");
    const o = new CallbackObserver(() => undefined);
    e.attach(o);
    e.attach(o);
    expect([...e.getObservers()]).toEqual([o]);
    e.detach(o);
    expect([...e.getObservers()]).toEqual([]);
  });

  it("exposes the invoke args only during notification", async () => {
    const e = new Event("go");
    const seen: unknown[][] = [];
    e.attach({ update: (s) => void seen.push([...(s as Event).getInvokeArgs()]) });
    expect(e.getInvokeArgs()).toEqual([]);
    await e.invoke(1, "two");
    expect(seen).toEqual([[1, "two"]]);
    expect(e.getInvokeArgs()).toEqual([]);
  });

  it("awaits observers sequentially in attach order", async () => {
    const e = new Event("go");
    const log: string[] = [];
    e.attach({
      update: async () => {
        await new Promise((r) => setTimeout(r, 5));
        log.push("slow");
      },
    });
    e.attach(recorder(log, "fast"));
    await e.invoke();
    expect(log).toEqual(["slow", "fast"]);
  });

  it("aborts on the first throw, propagates it and still clears the args", async () => {
    const e = new Event("go");
    const log: string[] = [];
    e.attach(recorder(log, "first"));
    e.attach({
      update: () => {
        throw new Error("boom");
      },
    });
    e.attach(recorder(log, "never"));
    await expect(e.invoke("x")).rejects.toThrow("boom");
    expect(log).toEqual(["first"]);
    expect(e.getInvokeArgs()).toEqual([]);
  });

  it("manages metadata like State", () => {
    const e = new Event("go");
    e.setMetadataValue("k", 1);
    expect(e.getMetadata()).toEqual({ k: 1 });
    expect(e.hasMetadataValue("k")).toBe(true);
    e.deleteMetadataValue("k");
    expect(e.getMetadataValue("k")).toBeUndefined();
    expect(e.getName()).toBe("go");
  });
});
