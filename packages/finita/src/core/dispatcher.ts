import type { CallbackInterface, DispatcherInterface } from "../interfaces/dispatcher-interface.js";
import type { EventInterface } from "../interfaces/event-interface.js";

/** Queues event invocations (possibly from several machines) and runs them once, then the ready callbacks. */
export class Dispatcher implements DispatcherInterface {
  private readonly queue: { event: EventInterface; args: unknown[] }[] = [];
  private readonly callbacks: CallbackInterface[] = [];
  private ready = false;

  /** Queues an event with its arguments and an optional ready callback; throws once invoked. */
  dispatch(event: EventInterface, args: unknown[] = [], onReadyCallback?: CallbackInterface): void {
    this.assertNotInvoked();
    this.queue.push({ event, args });
    if (onReadyCallback) {
      this.callbacks.push(onReadyCallback);
    }
  }

  /** Reports whether `invoke` has completed the events. */
  isReady(): boolean {
    return this.ready;
  }

  /** Invokes the queued events in order, marks the dispatcher ready, then runs the callbacks in order. */
  async invoke(): Promise<void> {
    this.assertNotInvoked();
    for (const { event, args } of this.queue) {
      await event.invoke(...args);
    }
    this.ready = true;
    for (const callback of this.callbacks) {
      await callback.invoke();
    }
  }

  private assertNotInvoked(): void {
    if (this.ready) {
      throw new Error("Was already invoked!");
    }
  }
}
