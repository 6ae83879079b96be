import type { EventInterface } from "../interfaces/event-interface.js";
import type { Observer } from "../interfaces/observer.js";

/** A named event whose observers run, in attach order, each time it is invoked. */
export class Event implements EventInterface {
  private readonly observers = new Set<Observer>();
  private readonly metadata = new Map<string, unknown>();
  private invokeArgs: unknown[] = [];

  constructor(private readonly name: string) {}

  /** Returns the event name. */
  getName(): string {
    return this.name;
  }

  /** Returns the arguments of the running invocation; empty outside notification. */
  getInvokeArgs(): unknown[] {
    return this.invokeArgs;
  }

  /** Stores the arguments, awaits {@link Event.notify} and always clears the arguments afterwards. */
  async invoke(...args: unknown[]): Promise<void> {
    this.invokeArgs = args;
    try {
      await this.notify();
    } finally {
      this.invokeArgs = [];
    }
  }

  /** Attaches an observer; attaching the same observer twice keeps one copy. */
  attach(observer: Observer): void {
    this.observers.add(observer);
  }

  /** Detaches an observer. */
  detach(observer: Observer): void {
    this.observers.delete(observer);
  }

  /** Returns the observers in attach order. */
  getObservers(): Iterable<Observer> {
    return this.observers;
  }

  /** Awaits each observer's `update(this)` in attach order; the first throw aborts the rest. */
  async notify(): Promise<void> {
    // The live set, not a copy: an observer attached during this round runs in it, one detached before its
    // turn is skipped.
    for (const observer of this.observers) {
      await observer.update(this);
    }
  }

  /** Returns a fresh plain-object copy of the metadata. */
  getMetadata(): Record<string, unknown> {
    return Object.fromEntries(this.metadata);
  }

  /** Returns a metadata value, or `undefined` when absent. */
  getMetadataValue(key: string): unknown {
    return this.metadata.get(key);
  }

  /** Sets a metadata value. */
  setMetadataValue(key: string, value: unknown): void {
    this.metadata.set(key, value);
  }

  /** Reports whether a metadata key exists. */
  hasMetadataValue(key: string): boolean {
    return this.metadata.has(key);
  }

  /** Deletes a metadata key. */
  deleteMetadataValue(key: string): void {
    this.metadata.delete(key);
  }
}
