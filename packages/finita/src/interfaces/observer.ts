import type { MaybePromise } from "./maybe-promise.js";

/** An observer that is notified by an {@link ObservableSubject}. */
export interface Observer {
  /** Called by the subject on notification; may be async. */
  update(subject: ObservableSubject): MaybePromise<void>;
}

/** A subject that keeps observers and notifies them in attach order. */
export interface ObservableSubject {
  /** Attaches an observer (attaching twice keeps one copy). */
  attach(observer: Observer): void;
  /** Detaches an observer. */
  detach(observer: Observer): void;
  /** Awaits every observer's `update`, sequentially in attach order. */
  notify(): Promise<void>;
  /** Returns the attached observers in attach order. */
  getObservers(): Iterable<Observer>;
}
