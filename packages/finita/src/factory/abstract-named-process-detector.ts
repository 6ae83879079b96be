import type { ProcessDetectorInterface } from "../interfaces/detector-interfaces.js";
import type { ProcessInterface } from "../interfaces/process-interface.js";

/** A process detector that looks registered processes up by a name derived from the subject. */
export abstract class AbstractNamedProcessDetector<TSubject = unknown>
  implements ProcessDetectorInterface<TSubject>
{
  private readonly processes = new Map<string, ProcessInterface>();

  /** Registers a process by its name, replacing one with the same name. */
  addProcess(process: ProcessInterface): void {
    this.processes.set(process.getName(), process);
  }

  /** Reports whether a process with this name is registered. */
  hasProcess(name: string): boolean {
    return this.processes.has(name);
  }

  /** Returns the process named by `detectProcessName`; throws `Process "<name>" not found` when missing. */
  detectProcess(subject: TSubject): ProcessInterface {
    const name = this.detectProcessName(subject);
    const process = this.processes.get(name);
    if (!process) {
      throw new Error(`Process "${name}" not found`);
    }
    return process;
  }

  /** Derives the process name from the subject. */
  protected abstract detectProcessName(subject: TSubject): string;
}
