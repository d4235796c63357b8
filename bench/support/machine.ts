// What a result was measured on: numbers from a 2-core machine shared with other jobs mean
// little without the load average next to them.
import os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  node: string;
  pg: string;
  platform: string;
}

export function machineInfo(pgVersion: string): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    pg: pgVersion,
    platform: `${os.type()} ${os.release()}`,
  };
}

/** 1-minute load average, two decimals. */
export function load1(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}
