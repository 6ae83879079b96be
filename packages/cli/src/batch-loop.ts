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
export async function runBatches(loop: BatchLoop): Promise<{ items: number; batches: number }> {
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
