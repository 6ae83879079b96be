import type { Contender } from "./load.js";
import { median } from "./stats.js";

/** What {@link comparePaired} reports for one contender. */
export interface PairedResult {
  /** Median operations per second over the rounds. */
  opsPerSecond: number;
  /** Median Node CPU (user + system, every thread of the process) per operation, in microseconds. */
  cpuMicrosPerOp: number;
  /** Median over the rounds of opsPerSecond ÷ the first contender's opsPerSecond in the same round. */
  throughputRatio: number;
  /** Median over the rounds of the first contender's CPU per operation ÷ this one's (above 1 = less CPU). */
  cpuRatio: number;
  rounds: number;
}

/**
 * Runs every contender once per round, in rotating order after one warm-up each, timing both wall clock and
 * the process's CPU (`process.cpuUsage`, which only the running contender uses), and compares each contender
 * with the first one **round by round**: the ratio of two runs taken back to back, then the median of those
 * ratios. Drift on a shared machine (other processes, autovacuum, a slow WAL flush for a while) moves both
 * runs of a round alike and cancels out of the ratio, where the ratio of two medians over the whole
 * measurement keeps it. CPU per operation is what in-process work (such as an instrumentation check) costs,
 * without the wait on I/O that dominates wall time on one database connection.
 */
export async function comparePaired(
  contenders: readonly Contender[],
  rounds: number,
  durationMs: number,
  warmupMs: number,
): Promise<Map<string, PairedResult>> {
  for (const contender of contenders) await contender.run(warmupMs);
  const ops = contenders.map((): number[] => []);
  const cpu = contenders.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (round + k) % contenders.length;
      const before = process.cpuUsage();
      const sample = await contenders[index].run(durationMs);
      const used = process.cpuUsage(before);
      ops[index].push(sample.opsPerSecond);
      cpu[index].push(sample.ops === 0 ? Number.NaN : (used.user + used.system) / sample.ops);
    }
  }
  return new Map(
    contenders.map((contender, index) => [
      contender.name,
      {
        opsPerSecond: median(ops[index]),
        cpuMicrosPerOp: median(cpu[index]),
        throughputRatio: median(ops[index].map((value, round) => value / ops[0][round])),
        cpuRatio: median(cpu[index].map((value, round) => cpu[0][round] / value)),
        rounds,
      },
    ]),
  );
}
