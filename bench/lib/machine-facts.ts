import os from "node:os";
import type { BenchDatabase } from "./bench-database.js";

/** The facts a reader needs to compare a result with their own machine. */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  loadAverageAtStart: number[];
  os: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
}

const SETTINGS = [
  "shared_buffers",
  "synchronous_commit",
  "fsync",
  "max_connections",
  "wal_sync_method",
  "work_mem",
];

export async function readMachineFacts(db: BenchDatabase): Promise<MachineFacts> {
  const cpus = os.cpus();
  const version = await db.exec("SHOW server_version");
  const settings = await db.exec(
    // current_setting renders sizes with their unit (e.g. 128MB), which pg_settings.setting does not.
    "SELECT name, current_setting(name) AS value FROM pg_settings WHERE name = ANY($1) ORDER BY name",
    [SETTINGS],
  );
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: String(version.rows[0]?.server_version ?? "unknown"),
    postgresSettings: Object.fromEntries(settings.rows.map((row) => [String(row.name), String(row.value)])),
  };
}
