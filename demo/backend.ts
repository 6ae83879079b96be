import type { WorkflowPersistenceProvider } from "@duraflows/core";

/** One row of `workflow_instances`, read behind the runtime's back to prove what really is on disk. */
export interface StoredInstanceRow {
  uuid: string;
  workflowName: string;
  currentState: string;
  version: number;
  context: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Where the demo keeps its workflows: embedded PGlite (default) or a real server from `DATABASE_URL`. */
export interface DemoBackend {
  /** Human-readable description of the storage, printed first. */
  readonly label: string;
  /** Whether this run created the schema (first run) or found it. */
  readonly createdSchema: boolean;
  readonly providers: WorkflowPersistenceProvider;
  listInstances(): Promise<StoredInstanceRow[]>;
  close(): Promise<void>;
}

/** Hides the password of a connection string before it is printed. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
