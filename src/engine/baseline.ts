import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DriftgateError } from '../errors.js';
import type { Finding } from '../types.js';

export const BASELINE_FILE = 'driftgate.baseline.json';
export const BASELINE_VERSION = 1;

/** One recorded finding. Human-readable; `fingerprint` is what matching uses. */
export interface BaselineEntry {
  rule: string;
  target?: string;
  tag?: string;
  file?: string;
  fingerprint: string;
  message: string;
}

export interface Baseline {
  version: number;
  entries: BaselineEntry[];
}

export async function readBaseline(path: string): Promise<Baseline | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DriftgateError(`cannot read baseline ${path}: ${(error as NodeJS.ErrnoException).code}`);
  }
  try {
    const data = JSON.parse(text) as Baseline;
    if (!Array.isArray(data.entries) || data.entries.some((e) => typeof e?.fingerprint !== 'string')) throw new Error('entries must be an array of objects with a fingerprint');
    return data;
  } catch (error) {
    throw new DriftgateError(`baseline ${path} is not valid: ${(error as Error).message}`, 'Recreate it with driftgate baseline.');
  }
}

export function toBaseline(findings: Finding[]): Baseline {
  const entries = findings
    .map((f) => ({ rule: f.rule, target: f.target, tag: f.tag, file: f.file, fingerprint: f.fingerprint!, message: f.message }))
    .sort((a, b) => `${a.target}\0${a.rule}\0${a.tag}\0${a.fingerprint}`.localeCompare(`${b.target}\0${b.rule}\0${b.tag}\0${b.fingerprint}`));
  const unique = entries.filter((e, i) => i === 0 || e.fingerprint !== entries[i - 1].fingerprint);
  return { version: BASELINE_VERSION, entries: unique };
}

export async function writeBaseline(path: string, baseline: Baseline): Promise<void> {
  await mkdir(dirname(path), { recursive: true }); // --baseline ci/driftgate/x.json: the folder is created, as git would
  await writeFile(path, JSON.stringify(baseline, null, 2) + '\n');
}

/** Splits findings into new ones and baselined ones, and lists baseline entries that no longer occur. */
export function applyBaseline(findings: Finding[], baseline: Baseline | null): { fresh: Finding[]; baselined: Finding[]; stale: BaselineEntry[] } {
  if (!baseline) return { fresh: findings, baselined: [], stale: [] };
  const known = new Set(baseline.entries.map((e) => e.fingerprint));
  const seen = new Set(findings.map((f) => f.fingerprint));
  return {
    fresh: findings.filter((f) => !known.has(f.fingerprint!)),
    baselined: findings.filter((f) => known.has(f.fingerprint!)),
    stale: baseline.entries.filter((e) => !seen.has(e.fingerprint)),
  };
}
