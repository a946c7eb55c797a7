import { describe, expect, it } from 'vitest';
import { checkJson, useBaseProject, SCHEMA_STEPS, type BaseProject } from '../helpers/base-project.js';
import { editJournal, renameSync, rmSync, snapshotPath, sqlPath, writeFileSync } from '../helpers/mutations.js';

const YEAR = 365 * 86_400_000;

const check = (p: BaseProject) => checkJson(p);
const ids = (findings: any[]) => findings.map((f) => `${f.rule} ${f.tag ?? '-'}`).sort();

describe('journal rules on a real drizzle-kit folder', () => {
  const { base: baseProject, copy } = useBaseProject();

  it('journal/when-order: a migration stamped a year early (seed 000) names the shadowing entry and a restamp value', async () => {
    const p = copy();
    const [, second, third] = p.tags;
    let shadowWhen = 0;
    editJournal(p, (j) => {
      shadowWhen = j.entries[1].when;
      j.entries[2].when = j.entries[2].when - YEAR;
    });
    const { code, findings } = await check(p);
    expect(code).toBe(1);
    expect(ids(findings)).toEqual([`journal/when-order ${third}`]);
    const [f] = findings;
    expect(f.file).toBe('drizzle/meta/_journal.json');
    expect(f.line).toBeGreaterThan(1);
    expect(f.message).toContain(second);
    expect(f.fix).toContain(`Set its "when" to ${shadowWhen + 1}`);
  });

  it('journal/when-order: an equal when is a regression too; every later shadowed entry is reported', async () => {
    const p = copy();
    editJournal(p, (j) => {
      j.entries[1].when = j.entries[0].when;
      j.entries[2].when = j.entries[0].when - 5;
    });
    const { findings } = await check(p);
    expect(ids(findings)).toEqual([`journal/when-order ${p.tags[1]}`, `journal/when-order ${p.tags[2]}`]);
  });

  it('journal/when-future: an entry stamped next year', async () => {
    const p = copy();
    editJournal(p, (j) => {
      j.entries[2].when = Date.now() + YEAR;
    });
    const { code, findings } = await check(p);
    expect(code).toBe(1);
    expect(ids(findings)).toEqual([`journal/when-future ${p.tags[2]}`]);
  });

  it('journal/when-future honours whenSkew from driftgate config', async () => {
    const p = copy();
    editJournal(p, (j) => {
      j.entries[2].when = Date.now() + 3 * 3_600_000;
    });
    expect(ids((await check(p)).findings)).toEqual([]);
    writeFileSync(`${p.dir}/driftgate.config.json`, JSON.stringify({ whenSkew: '1h' }));
    expect(ids((await check(p)).findings)).toEqual([`journal/when-future ${p.tags[2]}`]);
  });

  it('journal/idx-sequence: duplicated and out-of-order idx', async () => {
    const p = copy();
    editJournal(p, (j) => {
      j.entries[2].idx = 1;
    });
    expect(ids((await check(p)).findings)).toEqual([`journal/idx-sequence ${p.tags[2]}`, `journal/tag-mismatch ${p.tags[2]}`]);
  });

  it('journal/missing-sql and journal/orphan-sql', async () => {
    const p = copy();
    rmSync(sqlPath(p, p.tags[1]));
    writeFileSync(`${p.out}/0003_hand_written.sql`, 'ALTER TABLE "users" ADD COLUMN "x" text;');
    const { code, findings } = await check(p);
    expect(code).toBe(1);
    expect(ids(findings)).toEqual([`journal/missing-sql ${p.tags[1]}`, 'journal/orphan-sql 0003_hand_written']);
    expect(findings.find((f) => f.rule === 'journal/orphan-sql').file).toBe('drizzle/0003_hand_written.sql');
  });

  it('journal/missing-snapshot and journal/orphan-snapshot are warnings (exit 0)', async () => {
    const p = copy();
    renameSync(snapshotPath(p, p.tags[2]), `${p.out}/meta/0009_snapshot.json`);
    const { code, findings } = await check(p);
    expect(code).toBe(0);
    expect(ids(findings)).toEqual([`journal/missing-snapshot ${p.tags[2]}`, 'journal/orphan-snapshot 0009']);
    expect(findings.every((f) => f.severity === 'warn')).toBe(true);
  });

  it('journal/duplicate-prefix: a second 0002 file left by a merge', async () => {
    const p = copy();
    writeFileSync(`${p.out}/0002_other_branch.sql`, 'CREATE TABLE "x" ("id" integer);');
    const { findings } = await check(p);
    expect(ids(findings)).toEqual(['journal/duplicate-prefix 0002_other_branch', 'journal/orphan-sql 0002_other_branch']);
  });

  it('a naive merge of two branches\' 0003_* (real drizzle-kit on each branch): duplicate-prefix and when-order give ONE recipe', async () => {
    // branch b generates first (its entry has the earlier "when"), then branch a; the merge keeps a's files and
    // appends b's entry and SQL, as a conflict resolved by taking both sides does.
    const b = copy();
    const tagB = (await b.generate(`${SCHEMA_STEPS[2]}\nexport const tags = pgTable('tags', { id: serial('id').primaryKey() });`, 'tags'))!;
    const a = copy();
    const tagA = (await a.generate(`${SCHEMA_STEPS[2]}\nexport const likes = pgTable('likes', { id: serial('id').primaryKey() });`, 'likes'))!;
    expect([tagA.slice(0, 4), tagB.slice(0, 4)]).toEqual(['0003', '0003']);
    const entryB = b.journal().entries.at(-1)!;
    editJournal(a, (j) => j.entries.push({ ...entryB, idx: j.entries.length }));
    writeFileSync(sqlPath(a, tagB), b.read(`drizzle/${tagB}.sql`));
    const { code, findings } = await check(a);
    expect(code).toBe(1);
    // idx 4 with prefix 0003, and meta/0003_snapshot.json is a's: tag-mismatch and snapshot/chain fire on it too
    expect(ids(findings)).toEqual([`journal/duplicate-prefix ${tagB}`, `journal/tag-mismatch ${tagB}`, `journal/when-order ${tagB}`, `snapshot/chain ${tagB}`]);
    const byRule = Object.fromEntries(findings.map((f) => [f.rule, f]));
    expect(byRule['journal/duplicate-prefix'].fix).toBe(
      `Keep ${tagA}; take ${tagB} out — its .sql file, its journal entry, and its meta/0003_snapshot.json (put back ${tagA}'s) — then run drizzle-kit generate: it writes ${tagB}'s change again on top, with the next prefix and a later "when".`,
    );
    // no restamp, no rename, no prevId edit: each would contradict "take it out and regenerate"
    const pointer = (not: string) => `${tagB} reuses the prefix of an earlier entry (journal/duplicate-prefix): take it out and regenerate it on top as that fix says, which fixes this too — ${not}.`;
    expect(byRule['journal/when-order'].fix).toBe(pointer('do not restamp it'));
    expect(byRule['journal/tag-mismatch'].fix).toBe(pointer('do not rename it'));
    expect(byRule['snapshot/chain'].fix).toBe(pointer('do not edit its prevId'));
  });

  it('journal/tag-mismatch: an entry renamed by hand', async () => {
    const p = copy();
    editJournal(p, (j) => {
      j.entries[2].tag = '0007_roles';
    });
    renameSync(sqlPath(p, p.tags[2]), `${p.out}/0007_roles.sql`);
    renameSync(snapshotPath(p, p.tags[2]), `${p.out}/meta/0007_snapshot.json`);
    expect(ids((await check(p)).findings)).toEqual(['journal/tag-mismatch 0007_roles']);
  });

  it('journal/version-mismatch: an entry of an older version', async () => {
    const p = copy();
    editJournal(p, (j) => {
      j.entries[0].version = '5';
    });
    const { code, findings } = await check(p);
    expect(code).toBe(0);
    expect(ids(findings)).toEqual([`journal/version-mismatch ${p.tags[0]}`]);
  });

  it('journal/invalid: non-postgres dialect, missing journal, wrong shape', async () => {
    const p = copy();
    editJournal(p, (j) => {
      j.dialect = 'sqlite';
    });
    expect(ids((await check(p)).findings)).toEqual(['journal/invalid -']);
    editJournal(p, (j) => {
      j.dialect = 'postgresql';
      j.entries = { not: 'an array' };
    });
    expect(ids((await check(p)).findings)).toContain('journal/invalid -');
    rmSync(`${p.out}/meta/_journal.json`);
    const missing = await check(p);
    expect(missing.code).toBe(1);
    expect(missing.findings[0]).toMatchObject({ rule: 'journal/invalid', file: 'drizzle/meta/_journal.json' });
    expect(missing.findings[0].message).toContain('missing');
  });
});
