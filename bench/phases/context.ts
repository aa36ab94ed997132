import type { Child } from '../ipc';

export interface SimReady {
  origin: string;
  proconfUrl: string;
  proconfToken: string;
}

/** What every phase is handed by run.ts. */
export interface BenchContext {
  sim: Child<SimReady>;
  /** Bearer token the BFF accepts (a moderator, every room). */
  token: string;
  /** Node flags for children the phases start themselves (the bare server): CPU profiling, when asked. */
  nodeFlags: readonly string[];
}

/** One line of the table: a measured value, its target, and whether the target was met. */
export interface Row {
  measure: string;
  value: string;
  target: string;
  met: boolean | null;
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
