import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** A forked worker process and a way to wait for its messages. */
export interface Worker<TMessage> {
  child: ChildProcess;
  /** Resolves with the first message satisfying `accept` (rejects if the process exits first). */
  next(accept: (message: TMessage) => boolean): Promise<TMessage>;
  send(message: unknown): void;
  /** Resolves with the exit code / signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Forks `test/workers/<name>.ts` as a real Node process running TypeScript through tsx. TSX_TSCONFIG_PATH maps
 * the workspace packages to their sources (tsconfig.workers.json), so a child runs exactly the code under test.
 */
export function forkWorker<TMessage>(name: string, args: string[] = []): Worker<TMessage> {
  const child = fork(here(`../workers/${name}.ts`), args, {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, TSX_TSCONFIG_PATH: here("../../tsconfig.workers.json") },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const received: TMessage[] = [];
  const waiters: { accept: (m: TMessage) => boolean; resolve: (m: TMessage) => void }[] = [];
  child.on("message", (raw) => {
    const message = raw as TMessage;
    const index = waiters.findIndex((w) => w.accept(message));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
    else received.push(message);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    exited,
    send: (message) => child.send(message as object),
    next(accept) {
      const index = received.findIndex(accept);
      if (index >= 0) return Promise.resolve(received.splice(index, 1)[0]!);
      return new Promise<TMessage>((resolve, reject) => {
        waiters.push({ accept, resolve });
        void exited.then(({ code, signal }) =>
          reject(
            new Error(`worker ${name} exited (code ${code}, signal ${signal}) before the awaited message`),
          ),
        );
      });
    },
  };
}
