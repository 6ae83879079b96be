import type { StateNameDetectorInterface } from "../interfaces/detector-interfaces.js";
import type { StatefulInterface } from "../interfaces/stateful-interface.js";

/** Reads the current state name from a {@link StatefulInterface} subject. */
export class StatefulStateNameDetector implements StateNameDetectorInterface<StatefulInterface> {
  /** Returns `subject.getCurrentStateName()`; throws when the subject lacks that method. */
  detectCurrentStateName(subject: StatefulInterface): string | null {
    const candidate = subject as Partial<StatefulInterface> | null | undefined;
    if (
      candidate === null ||
      candidate === undefined ||
      typeof candidate.getCurrentStateName !== "function"
    ) {
      throw new Error("Subject has to implement the StatefulInterface!");
    }
    return candidate.getCurrentStateName();
  }
}
