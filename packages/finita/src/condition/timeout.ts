import type { ConditionInterface } from "../interfaces/condition-interface.js";
import type { LastStateHasChangedDateInterface } from "../interfaces/stateful-interface.js";

/** True once `timeoutMs` have passed since the subject's last state change (inclusive). */
export class Timeout implements ConditionInterface<unknown> {
  private readonly label: string;

  constructor(
    protected readonly timeoutMs: number,
    label?: string,
  ) {
    this.label = label ?? `${timeoutMs}ms`;
  }

  /** Returns `Timeout: <label>`; the label defaults to `<timeoutMs>ms`. */
  getName(): string {
    return `Timeout: ${this.label}`;
  }

  /** Returns synchronously whether last-change date + timeout ≤ now. */
  checkCondition(subject: unknown, context: Map<string, unknown>): boolean {
    const changedAt = this.getLastStateHasChangedDate(subject, context);
    return changedAt.getTime() + this.timeoutMs <= Date.now();
  }

  /** Supplies the last state change date; override to read it elsewhere (e.g. from the context). */
  protected getLastStateHasChangedDate(subject: unknown, _context: Map<string, unknown>): Date {
    const candidate = subject as Partial<LastStateHasChangedDateInterface> | null | undefined;
    if (
      candidate === null ||
      candidate === undefined ||
      typeof candidate.getLastStateHasChangedDate !== "function"
    ) {
      throw new Error("Subject has to implement the LastStateHasChangedDateInterface!");
    }
    return candidate.getLastStateHasChangedDate();
  }
}
