// What every benchmark gets from bench/run.ts, and the shape of what it gives back.
import type pg from 'pg';
import type { BenchDatabase } from './db';

export interface BenchContext {
  db: BenchDatabase;
  pool: pg.Pool;
  /** Scratch folder for generated inputs (under data/, git-ignored); benches delete what they write. */
  workDir: string;
  /** Repetitions of each measurement (the median is reported). */
  reps: number;
  /** When set, ingest children also run once under --cpu-prof and report their hot spots. */
  profileDir?: string;
  log: (line: string) => void;
}

export interface Goal {
  goal: string;
  value: string;
  isMet: boolean;
}

/** Written to bench/results/<name>.json; `table` and `goals` feed bench/README.md. */
export interface BenchResult {
  name: string;
  title: string;
  command: string;
  measures: string;
  table: { headers: string[]; rows: (string | number)[][] };
  goals: Goal[];
  details: unknown;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fmtRate = (perSecond: number): string => `${fmtInt(perSecond)}/s`;
export const fmtRatio = (r: number): string => r.toFixed(2);
export const fmtMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
