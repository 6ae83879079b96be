import type { ProcessInterface } from "./process-interface.js";

/** Finds the process for a subject. */
export interface ProcessDetectorInterface<TSubject = unknown> {
  /** Returns the process for this subject. */
  detectProcess(subject: TSubject): ProcessInterface;
}

/** Finds the current state name of a subject. */
export interface StateNameDetectorInterface<TSubject = unknown> {
  /** Returns the current state name, or `null` for the initial state. */
  detectCurrentStateName(subject: TSubject): string | null;
}
