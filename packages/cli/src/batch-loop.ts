import { intOption } from "./args.js";
import type { Output } from "./output.js";

/** What {@link runBatches} needs to drive one destructive command batch after batch. */
export interface BatchLoop {
  /** Runs one batch (one transaction) and returns how many items it deleted. */
  runOne(): Promise<number>;
  /** The expected total, for the bar on a terminal (0 when unknown). */
  total: number;
  /** Stop after this many batches. */
  maxBatches: number;
  /** Noun printed per batch on a non-terminal, e.g. `row(s)`. */
  unit: string;
  /**
   * The batch size when a short batch proves nothing is left; omit it when a short batch may be followed by
   * more (a call that moves on to the next workflow), so the loop stops only on an empty batch.
   */
  stopBelow?: number;
  out: Output;
}

/**
 * Runs batch after batch until one deletes nothing (or `maxBatches`), reporting each as it lands: a progress
 * bar on a terminal, one plain line per batch elsewhere, nothing under `--json`.
 */
async function runBatches(loop: BatchLoop): Promise<{ items: number; batches: number }> {
  const { out } = loop;
  let items = 0;
  let batches = 0;
  while (batches < loop.maxBatches) {
    const done = await loop.runOne();
    if (done === 0) break;
    items += done;
    batches += 1;
    if (out.interactive) out.progress(items, Math.max(loop.total, items), `batch ${batches}`);
    else if (!out.json) out.write(`batch ${batches}: ${done} ${loop.unit} deleted`);
    if (loop.stopBelow !== undefined && done < loop.stopBelow) break;
  }
  out.endProgress();
  return { items, batches };
}

/** The options of a batched delete command (`history prune`, `instances purge`), parsed alongside its own. */
export const BATCHED_DELETE_OPTIONS = {
  workflow: { type: "string" },
  batch: { type: "string" },
  "max-batches": { type: "string" },
  "dry-run": { type: "boolean", default: false },
} as const;

/** A batched delete: how to count what it would delete and how to delete one batch, plus the parsed flags. */
export interface BatchedDelete extends Omit<BatchLoop, "total"> {
  /** What one run would delete (the operation's dry run). */
  count(): Promise<number>;
  /** The parsed `--dry-run`. */
  dryRun: boolean;
}

/** Reads `--batch` (at least 1, else `defaultSize`) and `--max-batches` (at least 1, else no limit). */
export function batchSizes(
  values: { batch?: string | undefined; "max-batches"?: string | undefined },
  defaultSize: number,
): { batchSize: number; maxBatches: number } {
  return {
    batchSize: intOption("batch", values.batch, 1) ?? defaultSize,
    maxBatches: intOption("max-batches", values["max-batches"], 1) ?? Number.POSITIVE_INFINITY,
  };
}

/**
 * Runs a batched delete: a dry run only counts; otherwise {@link runBatches}, with the count as the bar's
 * total on a terminal (elsewhere nothing needs the total, so nothing is counted).
 */
export async function runBatchedDelete(
  run: BatchedDelete,
): Promise<{ dryRun: boolean; items: number; batches: number }> {
  const { count, dryRun, ...loop } = run;
  const total = dryRun || loop.out.interactive ? await count() : 0;
  if (dryRun) return { dryRun, items: total, batches: 0 };
  return { dryRun, ...(await runBatches({ ...loop, total })) };
}
