import { describeThrown } from "../errors/describe-thrown.js";
import type { ObserverDelivery } from "../model/outbox.js";
import type { ObserverErrorHandler, StateEnterEvent, WorkflowObserver } from "./types.js";

/**
 * Holds the observers of a runtime and delivers state-enter events to them sequentially, in registration
 * order, containing every failure: an observer error goes to the configured handler (or is logged), and
 * never reaches the caller.
 *
 * @example
 * ```ts
 * const observers = new ObserverRegistry([auditObserver], (error, observer) => report(error, observer.name));
 * await observers.fireOnEnter(event);
 * ```
 */
export class ObserverRegistry {
  private readonly observers: WorkflowObserver[];

  /**
   * @param defaultDelivery - how observers without their own `delivery` receive events (default
   * `"after-commit"`); {@link fireOnEnter} calls only the after-commit ones.
   */
  constructor(
    observers: readonly WorkflowObserver[] = [],
    private readonly onObserverError?: ObserverErrorHandler,
    private readonly defaultDelivery: ObserverDelivery = "after-commit",
  ) {
    this.observers = [...observers];
  }

  /** How `observer` receives events: its own `delivery`, else the registry's default. */
  deliveryOf(observer: WorkflowObserver): ObserverDelivery {
    return observer.delivery ?? this.defaultDelivery;
  }

  /** Names of the observers with an `onEnter` delivered through the outbox, in registration order. */
  outboxObserverNames(): string[] {
    const names: string[] = [];
    for (const observer of this.observers) {
      if (typeof observer.onEnter === "function" && this.deliveryOf(observer) === "outbox")
        names.push(observer.name);
    }
    return names;
  }

  /** The first registered observer called `name`, if any. */
  find(name: string): WorkflowObserver | undefined {
    return this.observers.find((observer) => observer.name === name);
  }

  /** Adds an observer after the ones already registered. */
  add(observer: WorkflowObserver): void {
    this.observers.push(observer);
  }

  /**
   * The registered observers in registration order: the constructor's list first, then every {@link add}
   * addition. Returns a copy, so changing it does not change the registry.
   */
  list(): readonly WorkflowObserver[] {
    return [...this.observers];
  }

  /** How many observers are registered (an addition to the published API, alongside {@link hasOnEnter}). */
  get size(): number {
    return this.observers.length;
  }

  /**
   * Whether some registered observer has an `onEnter` right now. State-enter events are built (and queued)
   * only when this holds at entry time, so a runtime without observers pays nothing for them.
   */
  hasOnEnter(): boolean {
    for (const observer of this.observers) if (typeof observer.onEnter === "function") return true;
    return false;
  }

  /** Calls every after-commit observer's `onEnter` in order, awaiting each; never rejects. */
  async fireOnEnter(event: StateEnterEvent): Promise<void> {
    for (const observer of [...this.observers]) {
      if (typeof observer.onEnter !== "function") continue;
      if (this.deliveryOf(observer) !== "after-commit") continue;
      try {
        await observer.onEnter(event);
      } catch (error) {
        await this.handleError(error, observer, event);
      }
    }
  }

  private async handleError(
    error: unknown,
    observer: WorkflowObserver,
    event: StateEnterEvent,
  ): Promise<void> {
    if (!this.onObserverError) {
      logObserverFailure(error, observer, event);
      return;
    }
    try {
      await this.onObserverError(error, { name: observer.name }, event);
    } catch (handlerError) {
      logObserverFailure(error, observer, event);
      console.warn(
        `[duraflows] onObserverError handler threw while handling the error above: ${describeThrown(handlerError)}`,
      );
    }
  }
}

function logObserverFailure(error: unknown, observer: WorkflowObserver, event: StateEnterEvent): void {
  console.warn(
    `[duraflows] observer "${observer.name}" failed on onEnter for instance ${event.instanceUuid}: ${describeThrown(error)}`,
  );
}
