import type { WorkflowInstance } from "../model/workflow-instance.js";

/** Instances remembered at most, least recently used dropped first. */
const MAX_ENTRIES = 1024;
/** Context and metadata JSON kept at most, in UTF-16 code units (about 4 MiB of text). */
const MAX_TEXT = 4 * 1024 * 1024;
/** A larger instance is not remembered: reading it back costs little next to writing it. */
const MAX_ENTRY_TEXT = 64 * 1024;
/** Calls that skip the snapshots at most after stale ones. */
const MAX_BACKOFF = 1024;

/** One instance as this runtime last wrote it, with no object shared with the caller or an observer. */
interface Snapshot {
  readonly uuid: string;
  readonly workflowName: string;
  readonly currentState: string;
  readonly version: number;
  readonly definitionVersion: number | null;
  readonly expiresAt: number | null;
  readonly retry: {
    attempts: number;
    lastError: string;
    retryAt: number | null;
    parkedAt: number | null;
  } | null;
  readonly lastTransitionAt: number;
  readonly contextJson: string;
  readonly metadataJson: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * The instances this runtime's optimistic path wrote last, so that the next event on one of them can skip the
 * read and go straight to the version-checked write. A snapshot is only ever a guess: the write applies only
 * while the stored version is the one remembered, and every instance write increments the version, so a
 * write that applies found exactly the remembered row. A guess that turns out stale costs one statement that
 * writes nothing; after one, the snapshots are skipped for 1, 2, 4 … up to 1024 calls until a guess holds
 * again, so instances moved mostly elsewhere (other processes, the locking path) cost little.
 *
 * @internal
 */
export class InstanceSnapshots {
  private readonly entries = new Map<string, Snapshot>();
  private text = 0;
  private skip = 0;
  private backoff = 0;

  /** A fresh instance built from the snapshot of `uuid`, or `undefined` (none, or skipping after a stale one). */
  take(uuid: string): WorkflowInstance | undefined {
    if (this.entries.size === 0) return undefined;
    if (this.skip > 0) {
      this.skip--;
      return undefined;
    }
    const snapshot = this.entries.get(uuid);
    return snapshot === undefined ? undefined : toInstance(snapshot);
  }

  /** Remembers `instance` as just written (copied: later changes to the object are not seen). */
  keep(instance: WorkflowInstance): void {
    let contextJson: string;
    let metadataJson: string;
    try {
      contextJson = JSON.stringify(instance.context);
      metadataJson = JSON.stringify(instance.metadata);
    } catch {
      // Not JSON (a value a custom store accepts): not remembered; the next event reads the instance.
      this.forget(instance.uuid);
      return;
    }
    const size = contextJson.length + metadataJson.length;
    this.forget(instance.uuid);
    if (size > MAX_ENTRY_TEXT) return;
    const retry = instance.timeoutRetry;
    this.entries.set(instance.uuid, {
      uuid: instance.uuid,
      workflowName: instance.workflowName,
      currentState: instance.currentState,
      version: instance.version,
      definitionVersion: instance.definitionVersion,
      expiresAt: instance.expiresAt?.getTime() ?? null,
      retry: retry && {
        attempts: retry.attempts,
        lastError: retry.lastError,
        retryAt: retry.retryAt?.getTime() ?? null,
        parkedAt: retry.parkedAt?.getTime() ?? null,
      },
      lastTransitionAt: instance.lastTransitionAt.getTime(),
      contextJson,
      metadataJson,
      createdAt: instance.createdAt.getTime(),
      updatedAt: instance.updatedAt.getTime(),
    });
    this.text += size;
    // Map iteration is insertion order and `forget` + `set` moves an entry last: the first one is the oldest.
    for (const [uuid] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.text <= MAX_TEXT) break;
      this.forget(uuid);
    }
  }

  /** Drops the snapshot of `uuid` (the instance is being written some other way). */
  forget(uuid: string): void {
    if (this.entries.size === 0) return;
    const snapshot = this.entries.get(uuid);
    if (snapshot === undefined) return;
    this.entries.delete(uuid);
    this.text -= snapshot.contextJson.length + snapshot.metadataJson.length;
  }

  /** Notes that the snapshot of `uuid` was stale (another write came first): drop it and back off. */
  stale(uuid: string): void {
    this.forget(uuid);
    this.backoff = Math.min(this.backoff === 0 ? 1 : this.backoff * 2, MAX_BACKOFF);
    this.skip = this.backoff;
  }

  /** Notes that a snapshot held: the back-off starts over. */
  held(): void {
    this.backoff = 0;
  }

  /** How many instances are remembered (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}

function toInstance(snapshot: Snapshot): WorkflowInstance {
  const retry = snapshot.retry;
  return {
    uuid: snapshot.uuid,
    workflowName: snapshot.workflowName,
    currentState: snapshot.currentState,
    version: snapshot.version,
    definitionVersion: snapshot.definitionVersion,
    expiresAt: dateOrNull(snapshot.expiresAt),
    timeoutRetry: retry && {
      attempts: retry.attempts,
      lastError: retry.lastError,
      retryAt: dateOrNull(retry.retryAt),
      parkedAt: dateOrNull(retry.parkedAt),
    },
    lastTransitionAt: new Date(snapshot.lastTransitionAt),
    context: JSON.parse(snapshot.contextJson) as Record<string, unknown>,
    metadata: JSON.parse(snapshot.metadataJson) as Record<string, unknown>,
    createdAt: new Date(snapshot.createdAt),
    updatedAt: new Date(snapshot.updatedAt),
  };
}

function dateOrNull(time: number | null): Date | null {
  return time === null ? null : new Date(time);
}
