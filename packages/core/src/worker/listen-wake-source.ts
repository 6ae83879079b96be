import { describeThrown } from "../errors/describe-thrown.js";
import type { WorkflowWakeSignal } from "../model/wake-signal.js";
import type { WorkflowWakeSource } from "./types.js";
import { WAKE_CHANNEL, decodeWakeSignal } from "./wake-payload.js";

/** The part of a `pg` client (a `pg.Client` or a pool client) a listener uses. */
export interface ListenConnection {
  query(text: string): Promise<unknown>;
  on(event: "notification", listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  removeAllListeners(event?: string): unknown;
}

/** Options of {@link createListenWakeSource}. */
export interface ListenWakeSourceOptions {
  /** First reconnect delay in ms, doubled per failure; default 100. */
  minReconnectDelayMs?: number;
  /** Cap of the reconnect delay in ms; default 30,000. */
  maxReconnectDelayMs?: number;
  /** Called when the connection fails or drops (default: `console.warn`). Exceptions are ignored. */
  onError?: (error: unknown) => void;
}

/** A {@link WorkflowWakeSource} on one dedicated `LISTEN` connection. */
export interface ListenWakeSource extends WorkflowWakeSource {
  /** Whether the `LISTEN` connection is up right now. */
  readonly listening: boolean;
  /** Resolves once listening (after the first subscribe); for tests and readiness checks. */
  ready(): Promise<void>;
  /** Stops listening and releases the connection; subscribers get nothing more. */
  close(): Promise<void>;
}

/**
 * Listens for duraflows wake-ups on a dedicated connection opened by `connect`, and hands them to the
 * subscribers (workers started with `wake`). The connection opens on the first subscription. When it fails or
 * drops, the source reconnects with exponential backoff, and on every (re)connection it sends one wake-up, so a
 * worker catches up with what was signalled while nobody listened; between drops, workers keep polling.
 *
 * `LISTEN` needs a session: it does not work through a pooler in transaction mode (PgBouncer's
 * `pool_mode=transaction`). Point `connect` at the server directly or at a session-mode pool.
 *
 * @param connect - opens the connection; `release` (if given) hands it back, destroying it after an error.
 *
 * @example
 * ```ts
 * const wake = createListenWakeSource(async () => {
 *   const client = new pg.Client(process.env.DATABASE_URL);
 *   await client.connect();
 *   return client;
 * }, { release: (client) => void client.end() });
 * ```
 */
export function createListenWakeSource<C extends ListenConnection>(
  connect: () => Promise<C>,
  options: ListenWakeSourceOptions & { release?: (connection: C, error?: Error) => void } = {},
): ListenWakeSource {
  const minDelay = options.minReconnectDelayMs ?? 100;
  const maxDelay = options.maxReconnectDelayMs ?? 30_000;
  const onError =
    options.onError ??
    ((error: unknown) => console.warn(`[duraflows] wake-up listener: ${describeThrown(error)}`));
  const listeners = new Set<(signal: WorkflowWakeSignal) => void>();
  let connection: C | undefined;
  let opening: Promise<void> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let delay = minDelay;
  let closed = false;
  let readyWaiters: (() => void)[] = [];

  const emit = (signal: WorkflowWakeSignal): void => {
    for (const listener of [...listeners]) {
      try {
        listener(signal);
      } catch {
        // A subscriber's failure must not stop the others or the connection.
      }
    }
  };

  const report = (error: unknown): void => {
    try {
      onError(error);
    } catch {
      // Ignored: the hook is for logging.
    }
  };

  const drop = (error?: Error): void => {
    const current = connection;
    connection = undefined;
    if (current) {
      current.removeAllListeners("notification");
      current.removeAllListeners("end");
      // Keep a no-op error handler: a late socket error must not crash the process.
      current.removeAllListeners("error");
      current.on("error", () => undefined);
      options.release?.(current, error ?? new Error("wake-up listener closed"));
    }
  };

  const scheduleReconnect = (): void => {
    if (closed || listeners.size === 0 || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void open();
    }, delay);
    retryTimer.unref?.();
    delay = Math.min(maxDelay, delay * 2);
  };

  const open = (): Promise<void> => {
    if (opening) return opening;
    opening = (async () => {
      let candidate: C | undefined;
      try {
        candidate = await connect();
        const lost = (error?: Error): void => {
          if (connection !== candidate) return;
          report(error ?? new Error("wake-up connection ended"));
          drop(error);
          scheduleReconnect();
        };
        candidate.on("error", (error) => lost(error));
        candidate.on("end", () => lost());
        candidate.on("notification", (message) => {
          if (message.channel === WAKE_CHANNEL) emit(decodeWakeSignal(message.payload));
        });
        connection = candidate;
        await candidate.query(`LISTEN ${WAKE_CHANNEL}`);
        if (closed || listeners.size === 0) {
          drop();
          return;
        }
        delay = minDelay;
        const waiters = readyWaiters;
        readyWaiters = [];
        for (const resolve of waiters) resolve();
        // Whatever was signalled while nobody listened: one pass catches up.
        emit({ kind: "execution" });
      } catch (error) {
        report(error);
        if (connection === candidate) drop(error instanceof Error ? error : new Error(String(error)));
        else if (candidate)
          options.release?.(candidate, error instanceof Error ? error : new Error(String(error)));
        scheduleReconnect();
      }
    })().finally(() => {
      opening = undefined;
    });
    return opening;
  };

  const close = async (): Promise<void> => {
    closed = true;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    await opening;
    const current = connection;
    if (current) {
      await current.query(`UNLISTEN ${WAKE_CHANNEL}`).catch(() => undefined);
      connection = undefined;
      current.removeAllListeners("notification");
      current.removeAllListeners("end");
      current.removeAllListeners("error");
      current.on("error", () => undefined);
      options.release?.(current);
    }
    listeners.clear();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!closed && connection === undefined) void open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && connection !== undefined) {
          void close().then(() => {
            closed = false;
          });
        }
      };
    },
    get listening() {
      return connection !== undefined && opening === undefined;
    },
    ready() {
      if (connection !== undefined && opening === undefined) return Promise.resolve();
      return new Promise((resolve) => readyWaiters.push(resolve));
    },
    close,
  };
}
