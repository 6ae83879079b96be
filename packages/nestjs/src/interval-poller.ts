/** Logger surface used by {@link IntervalPoller} (a Nest `Logger` fits). */
export interface PollerLogger {
  error(message: string, stack?: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/**
 * Runs `pass` every `intervalMs` without ever overlapping itself: a tick that comes while a pass is still
 * running is skipped. Failures are logged, never thrown. `stop()` clears the timer and awaits the pass in flight.
 *
 * @internal
 */
export class IntervalPoller {
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly label: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<void>,
    private readonly logger: PollerLogger,
  ) {}

  /** Whether the timer is armed. */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Arms the timer; the first pass runs one interval after start. Calling it twice is a no-op. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  /** Runs one pass unless one is already running (then the returned promise is the running pass). */
  tick(): Promise<void> {
    if (this.inFlight) {
      this.logger.debug(`${this.label}: previous pass still running, tick skipped`);
      return this.inFlight;
    }
    this.inFlight = this.runPass().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Stops the timer and waits for the pass in flight, if any. Idempotent. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private async runPass(): Promise<void> {
    try {
      await this.pass();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`${this.label} failed: ${message}`, error instanceof Error ? error.stack : undefined);
    }
  }
}
