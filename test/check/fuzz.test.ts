import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { DriftgateError } from '../../src/errors.js';
import { loadProject } from '../../src/project.js';
import { allRules } from '../../src/rules/all-rules.js';
import { makeBaseProject, type BaseProject } from '../helpers/base-project.js';
import { pick, rng } from '../helpers/rng.js';

const CASES = Number(process.env.DRIFTGATE_FUZZ_CASES ?? 1200);


function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() && !e.isSymbolicLink() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

type Mutation = (out: string, file: string, r: () => number) => void;
const JUNK = ['', '{', '}', 'null', '[]', '"', '\ufeff', '\r\n', '\u0000', '{"entries":5}', '{"id":1}', '0', '-1', '1e309', 'NaN', '\xff\xfe'];

const MUTATIONS: Record<string, Mutation> = {
  truncate: (out, f, r) => {
    const data = readFileSync(join(out, f));
    writeFileSync(join(out, f), data.subarray(0, Math.floor(r() * data.length)));
  },
  flipBytes: (out, f, r) => {
    const data = Buffer.from(readFileSync(join(out, f)));
    for (let i = 0; i < 1 + r() * 8 && data.length; i++) data[Math.floor(r() * data.length)] = Math.floor(r() * 256);
    writeFileSync(join(out, f), data);
  },
  insertJunk: (out, f, r) => {
    const text = readFileSync(join(out, f), 'latin1');
    const at = Math.floor(r() * text.length);
    writeFileSync(join(out, f), text.slice(0, at) + pick(r, JUNK) + text.slice(at), 'latin1');
  },
  delete: (out, f) => rmSync(join(out, f), { force: true }),
  empty: (out, f) => writeFileSync(join(out, f), ''),
  replaceWithDir: (out, f) => (rmSync(join(out, f), { force: true }), mkdirSync(join(out, f))),
  symlinkLoop: (out, f) => (rmSync(join(out, f), { force: true }), symlinkSync(join(out, f), join(out, f))),
  bom: (out, f) => writeFileSync(join(out, f), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(join(out, f))])),
  crlf: (out, f) => writeFileSync(join(out, f), readFileSync(join(out, f), 'utf8').replace(/\n/g, '\r\n')),
  journalValue: (out, _f, r) => {
    const path = join(out, 'meta/_journal.json');
    let journal: any;
    try {
      journal = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      return;
    }
    const values = [null, 'x', -1, 1.5, 1e20, [], {}, true, '0000_init', Date.now() + 1e12, 0];
    const entry = journal?.entries?.[Math.floor(r() * (journal.entries?.length ?? 1))];
    const target = entry && r() < 0.8 ? entry : journal;
    if (target && typeof target === 'object') target[pick(r, ['idx', 'when', 'tag', 'version', 'breakpoints', 'entries', 'dialect'])] = pick(r, values);
    writeFileSync(path, JSON.stringify(journal));
  },
  shuffleEntries: (out) => {
    const path = join(out, 'meta/_journal.json');
    try {
      const journal = JSON.parse(readFileSync(path, 'utf8'));
      journal.entries.reverse();
      writeFileSync(path, JSON.stringify(journal));
    } catch {
      // already broken
    }
  },
  extraFile: (out, _f, r) => writeFileSync(join(out, pick(r, ['0001_dup.sql', 'meta/0009_snapshot.json', 'x.sql', 'meta/_snapshot.json'])), pick(r, JUNK)),
};

describe(`fuzz: ${CASES} mutated real drizzle-kit folders`, () => {
  let base: BaseProject;
  let work: string;
  const known = new Set(allRules().map((r) => r.id));
  beforeAll(async () => {
    base = await makeBaseProject();
    await base.custom('backfill', 'UPDATE "users" SET "email" = lower("email");');
    work = mkdtempSync(join(tmpdir(), 'driftgate-fuzz-'));
  });
  afterAll(() => {
    base.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('every case ends in findings or a one-line DriftgateError — no crash, no hang', async () => {
    const names = Object.keys(MUTATIONS);
    const outcomes = { findings: 0, clean: 0, toolError: 0 };
    for (let n = 0; n < CASES; n++) {
      const r = rng(n + 1);
      const dir = join(work, String(n));
      const out = join(dir, 'drizzle');
      cpSync(base.out, out, { recursive: true });
      const applied: string[] = [];
      for (let k = 0; k < 1 + Math.floor(r() * 3); k++) {
        const candidates = existsSync(out) ? files(out).filter((f) => { try { return statSync(join(out, f)).isFile(); } catch { return false; } }) : [];
        if (!candidates.length) break;
        const name = pick(r, names);
        const file = pick(r, candidates);
        MUTATIONS[name](out, file, r);
        applied.push(`${name}(${file})`);
      }
      const label = `case ${n}: ${applied.join(', ')}`;
      const run = (async () => check(await loadProject({ cwd: dir, out: 'drizzle' }), { baseline: false }))();
      const timeout = new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), 5_000).unref());
      try {
        const result = await Promise.race([run, timeout]);
        expect(result, label).not.toBe('hang');
        if (result === 'hang') continue;
        for (const f of result.findings) {
          expect(known.has(f.rule), `${label}: unknown rule ${f.rule}`).toBe(true);
          expect(['error', 'warn', 'info']).toContain(f.severity);
          expect(typeof f.message, label).toBe('string');
        }
        outcomes[result.findings.length ? 'findings' : 'clean']++;
      } catch (error) {
        expect(error, `${label}: ${(error as Error)?.stack}`).toBeInstanceOf(DriftgateError);
        expect((error as Error).message, label).not.toContain('\n');
        outcomes.toolError++;
      }
      rmSync(dir, { recursive: true, force: true });
    }
    // The mutations must actually bite: most cases produce findings.
    expect(outcomes.findings).toBeGreaterThan(CASES * 0.6);
  }, 240_000);
});
