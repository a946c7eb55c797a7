import type { Command, Sample } from './measure.js';

export type Mode = 'full' | 'smoke';

/** One way of doing the job a case measures (driftgate's command, or what a user would otherwise run). */
export interface Competitor<C> {
  name: string;
  /** The command line of one timed run. */
  command(ctx: C): Command;
  /** Untimed work before each run (e.g. staging a file for a commit). */
  before?(ctx: C): void;
  /** Expected exit code (default 0): anything else means the run measured a failure, not the job. */
  expectExit?: number;
  /** Not run by `bench:smoke` (too slow for CI's minute, e.g. a cold start). */
  fullOnly?: boolean;
  /** Not run above this size (say why in `note`). */
  maxSize?: number;
  note?: string;
}

export interface CompetitorResult {
  name: string;
  samples: Sample[];
  medianMs?: number;
  /** The highest peak RSS over the runs (KiB). */
  rssKiB?: number;
  skipped?: string;
  error?: string;
}

export interface SizeResult {
  size: number;
  /** What the size means here, e.g. "300 migrations, newest snapshot 458 KB". */
  detail?: string;
  competitors: CompetitorResult[];
}

export interface TargetResult {
  status: 'pass' | 'fail' | 'n/a';
  actual: string;
  /** measured ÷ limit (> 1 = target broken). `bench:smoke` fails when it exceeds 2. */
  overLimit?: number;
}

export interface Target {
  /** e.g. "issue 2: check ≤ 1/20 of drizzle-kit check at 300 migrations" */
  description: string;
  /** `bench:smoke` fails on it (ratios only: measured side by side, they survive a busy CI machine; absolute times do not). */
  gatesSmoke: boolean;
  evaluate(sizes: SizeResult[], mode: Mode): TargetResult;
}

/** A registry entry: everything `npm run bench` needs to measure one command side by side. */
export interface BenchCase<C = unknown> {
  name: string;
  issue: string;
  title: string;
  /** The unit of the x axis, e.g. "migrations". */
  unit: string;
  sizes: Record<Mode, number[]>;
  /** False when sizes are not migrations of the shared history (verify-db counts tables of its own schemas). */
  usesHistory?: boolean;
  /** Added to the full run by `--large` (too slow for the 10-minute budget: e.g. generating 3,000 migrations, 6 GB). */
  largeSizes?: number[];
  /** Timed repetitions per competitor per size (after one untimed warm-up run). */
  reps: Record<Mode, number>;
  /** Why the case cannot run here (its command has not landed, no database …), or undefined. */
  unavailable(): string | undefined;
  setup(size: number, mode: Mode): Promise<{ ctx: C; detail?: string }>;
  teardown?(ctx: C): Promise<void> | void;
  competitors: Competitor<C>[];
  /** The competitor every other one is compared with (ratio = other ÷ baseline). */
  baseline: string;
  targets: Target[];
}

export interface CaseResult {
  bench: BenchCase<any>;
  skipped?: string;
  sizes: SizeResult[];
  targets: { target: Target; result: TargetResult }[];
}

/** The sizes a run measures. */
export function sizesOf(bench: BenchCase<any>, mode: Mode, large: boolean): number[] {
  return [...bench.sizes[mode], ...(large && mode === 'full' ? bench.largeSizes ?? [] : [])];
}
