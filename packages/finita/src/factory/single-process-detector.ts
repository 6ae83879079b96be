import type { ProcessDetectorInterface } from "../interfaces/detector-interfaces.js";
import type { ProcessInterface } from "../interfaces/process-interface.js";

/** A process detector that always returns the same process. */
export class SingleProcessDetector<TSubject = unknown> implements ProcessDetectorInterface<TSubject> {
  constructor(private readonly process: ProcessInterface) {}

  /** Returns the configured process. */
  detectProcess(_subject: TSubject): ProcessInterface {
    return this.process;
  }
}
