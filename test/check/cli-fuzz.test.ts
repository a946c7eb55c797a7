import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBaseProject, type BaseProject } from '../helpers/base-project.js';
import { runCli } from '../helpers/run-cli.js';
import { pick, rng } from '../helpers/rng.js';

/** The fuzz through the BUILT cli, as a user and a CI script see it: a seeded sample of single mutations of a real
 * drizzle-kit folder per run (DRIFTGATE_FUZZ_SEED replays one; the seed is in every label). Each run must end with
 * exit 0/1/2, valid --json whose `ok` matches the exit code, a one-line error doc on exit 2, nothing on stderr
 * otherwise, no stack trace — and, per mutation, the finding it must cause. */
const SAMPLE = Number(process.env.DRIFTGATE_CLI_FUZZ_CASES ?? 80);
const SEED = Number(process.env.DRIFTGATE_FUZZ_SEED ?? Date.now() % 1_000_000);


type Kind = 'sql' | 'snapshot' | 'journal';
/** A mutation of one file, and the "rule tag" it must produce (tag: the migration the file belongs to, '-' none). */
interface Mutation {
  kinds: Kind[];
  apply(path: string, r: () => number): void;
  expect(kind: Kind, tag: string): string | 'clean' | 'any-error';
}
const MUTATIONS: Record<string, Mutation> = {
  delete: {
    kinds: ['sql', 'snapshot', 'journal'],
    apply: (p) => rmSync(p),
    expect: (kind, tag) => (kind === 'sql' ? `journal/missing-sql ${tag}` : kind === 'snapshot' ? `journal/missing-snapshot ${tag}` : 'journal/invalid -'),
  },
  replaceWithDir: {
    kinds: ['sql', 'snapshot', 'journal'],
    apply: (p) => (rmSync(p), mkdirSync(p)),
    expect: (kind, tag) => (kind === 'sql' ? `journal/missing-sql ${tag}` : kind === 'snapshot' ? `snapshot/invalid ${tag}` : 'journal/invalid -'),
  },
  symlinkLoop: {
    kinds: ['snapshot', 'journal'],
    apply: (p) => (rmSync(p), symlinkSync(p, p)),
    expect: (kind, tag) => (kind === 'snapshot' ? `snapshot/invalid ${tag}` : 'journal/invalid -'),
  },
  emptyFile: {
    kinds: ['snapshot', 'journal'],
    apply: (p) => writeFileSync(p, ''),
    expect: (kind, tag) => (kind === 'snapshot' ? `snapshot/invalid ${tag}` : 'journal/invalid -'),
  },
  truncateJournal: {
    kinds: ['journal'],
    apply: (p, r) => {
      const data = readFileSync(p);
      writeFileSync(p, data.subarray(0, 1 + Math.floor(r() * (data.length - 2))));
    },
    expect: () => 'journal/invalid -',
  },
  bom: {
    kinds: ['journal'],
    apply: (p) => writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(p)])),
    expect: () => 'journal/invalid -',
  },
  crlf: {
    kinds: ['sql', 'snapshot', 'journal'],
    apply: (p) => writeFileSync(p, readFileSync(p, 'utf8').replace(/\n/g, '\r\n')),
    expect: () => 'clean',
  },
  earlyWhen: {
    kinds: ['journal'],
    apply: (p, r) => {
      const journal = JSON.parse(readFileSync(p, 'utf8'));
      const i = 1 + Math.floor(r() * (journal.entries.length - 1));
      journal.entries[i].when = journal.entries[i - 1].when - 1 - Math.floor(r() * 1e9);
      writeFileSync(p, JSON.stringify(journal, null, 2));
    },
    expect: () => 'any-error',
  },
};

describe(`CLI fuzz: ${SAMPLE} single mutations through the built cli (seed ${SEED})`, () => {
  let base: BaseProject;
  let work: string;
  beforeAll(async () => {
    base = await makeBaseProject();
    work = mkdtempSync(join(tmpdir(), 'driftgate-cli-fuzz-'));
  });
  afterAll(() => {
    base?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('exit codes, --json validity, reporters, no stack trace, and the finding each mutation must cause', async () => {
    const r = rng(SEED);
    const names = Object.keys(MUTATIONS);
    const files: Record<Kind, { path: string; tag: string }[]> = {
      sql: base.tags.map((tag) => ({ path: `${tag}.sql`, tag })),
      snapshot: base.tags.map((tag) => ({ path: `meta/${tag.split('_')[0]}_snapshot.json`, tag })),
      journal: [{ path: 'meta/_journal.json', tag: '-' }],
    };
    const seen = new Set<string>();
    for (let n = 0; n < SAMPLE; n++) {
      const name = pick(r, names);
      const mutation = MUTATIONS[name];
      const kind = pick(r, mutation.kinds);
      const file = pick(r, files[kind]);
      const label = `seed ${SEED} case ${n}: ${name}(${file.path})`;
      const dir = join(work, String(n));
      cpSync(base.out, join(dir, 'drizzle'), { recursive: true });
      mutation.apply(join(dir, 'drizzle', file.path), r);
      // every third case also goes through the pretty reporter with GitHub annotations
      const pretty = n % 3 === 0;
      const run = await runCli(['check', '--out', 'drizzle', '--no-baseline', ...(pretty ? [] : ['--json'])], {
        cwd: dir,
        env: pretty ? { GITHUB_ACTIONS: 'true' } : {},
        timeoutMs: 20_000,
      });
      expect(run.code, `${label}: killed (hang)`).not.toBeNull();
      expect([0, 1, 2], label).toContain(run.code);
      expect(run.stderr, label).not.toMatch(/\n\s+at .*:\d+/);
      seen.add(name);
      if (pretty) {
        expect(run.stderr, label).toBe(run.code === 2 ? run.stderr : '');
        expect(run.stdout, label).toMatch(run.code === 0 ? /✓ check: / : run.code === 1 ? /✖ check: \d+ error/ : /^$/);
        if (run.code === 1) expect(run.stdout, label).toMatch(/^::error file=/m);
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const doc = run.json(); // throws (fails the test) on invalid JSON
      expect(doc.version, label).toBe(1);
      expect(doc.ok, label).toBe(run.code === 0);
      if (run.code === 2) {
        expect(doc.error.message, label).not.toContain('\n');
        expect(run.stderr.trim().split('\n').length, label).toBeLessThanOrEqual(2);
      } else expect(run.stderr, label).toBe('');
      const ids = (doc.findings ?? []).map((f: { rule: string; tag?: string }) => `${f.rule} ${f.tag ?? '-'}`);
      const want = mutation.expect(kind, file.tag);
      if (want === 'clean') expect({ code: run.code, ids }, label).toEqual({ code: 0, ids: [] });
      else if (want === 'any-error') expect(run.code, label).toBe(1);
      else {
        expect(ids, label).toContain(want);
        expect(run.code, label).toBe(doc.findings.some((f: { severity: string }) => f.severity === 'error') ? 1 : 0);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    expect(seen.size, 'the sample covers most mutations').toBeGreaterThanOrEqual(Math.min(names.length, 5));
  }, 300_000);
});
