import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase, Target } from '../bench-case.js';
import { growthExponent } from '../stats.js';
import { cliHas, DRIFTGATE } from './cli.js';

/** A journal of `size` entries with one tiny SQL file each and no snapshots: every entry is a journal/missing-snapshot
 * finding with a journal line to point at — the shape that made the journal rules quadratic (issue 11: 8,000 entries
 * 3 s, 20,000 entries 16 s). Written directly: the point is the journal's size, not what drizzle-kit would put in
 * the files (which `check` measures on real generated histories). */
function writeJournalFolder(size: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-journal-'));
  mkdirSync(join(dir, 'drizzle/meta'), { recursive: true });
  writeFileSync(join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'postgresql', out: './drizzle' }));
  const entries = [];
  for (let i = 0; i < size; i++) {
    const tag = `${String(i).padStart(4, '0')}_migration_${i}`;
    entries.push({ idx: i, version: '7', when: 1_700_000_000_000 + i * 1000, tag, breakpoints: true });
    writeFileSync(join(dir, 'drizzle', `${tag}.sql`), `SELECT ${i};\n`);
  }
  writeFileSync(join(dir, 'drizzle/meta/_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2));
  return dir;
}

/** Time exponent between the smallest and the largest size: 1 is linear, 2 quadratic. */
function linearTarget(description: string, subject: string, maxExponent: number): Target {
  return {
    description,
    gatesSmoke: true,
    evaluate(sizes) {
      const points = sizes.map((s) => ({ size: s.size, value: s.competitors.find((c) => c.name === subject)?.medianMs })).filter((p): p is { size: number; value: number } => p.value !== undefined);
      if (points.length < 2) return { status: 'n/a', actual: 'needs two sizes' };
      const [a, b] = [points[0], points.at(-1)!];
      const k = growthExponent(a, b);
      const actual = `${(b.value / a.value).toFixed(1)}× the time for ${(b.size / a.size).toFixed(0)}× the entries (exponent ${k.toFixed(2)}, ${a.size} → ${b.size})`;
      return { status: k <= maxExponent ? 'pass' : 'fail', actual, overLimit: Math.max(k, 0) / maxExponent };
    },
  };
}

/** issue 11: the journal rules stay linear in the number of journal entries. */
export const journalRulesCase: BenchCase<string> = {
  name: 'journal-rules',
  issue: 'issue 11',
  title: '`driftgate check` on a journal of 1,000 / 8,000 / 20,000 entries',
  unit: 'journal entries',
  sizes: { full: [1000, 8000, 20000], smoke: [1000, 8000] },
  usesHistory: false,
  reps: { full: 3, smoke: 1 },
  unavailable: () => (cliHas('check') ? undefined : 'driftgate check not available'),
  async setup(size) {
    return { ctx: writeJournalFolder(size), detail: `${size} entries, ${size} SQL files, no snapshots (${size} findings)` };
  },
  teardown: (dir) => rmSync(dir, { recursive: true, force: true }),
  // Every entry lacks its snapshot: warnings, exit 0.
  competitors: [{ name: 'driftgate check', command: (dir) => ({ cmd: process.execPath, args: [DRIFTGATE, 'check'], cwd: dir }) }],
  baseline: 'driftgate check',
  targets: [linearTarget('issue 11: journal rules linear — time exponent ≤ 1.15 from the smallest to the largest journal', 'driftgate check', 1.15)],
};
