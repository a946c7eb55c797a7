import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, useBaseProject, type BaseProject } from '../helpers/base-project.js';
import { journalPath, snapshotPath, sqlPath } from '../helpers/mutations.js';
import { runCli } from '../helpers/run-cli.js';

/** Every malformed input ends in findings or a one-line exit 2 — never a stack trace, never a hang. */
async function judge(p: BaseProject) {
  const { code, ids } = await checkJson(p); // exit 0/1 (never 2 here), empty stderr, valid JSON
  return { code, ids };
}

describe('bad input', () => {
  const { base: baseProject, copy } = useBaseProject();

  it('truncated journal JSON → journal/invalid only (no orphan noise while the journal is unreadable)', async () => {
    const p = copy();
    writeFileSync(journalPath(p), readFileSync(journalPath(p), 'utf8').slice(0, 100));
    expect(await judge(p)).toEqual({ code: 1, ids: ['journal/invalid -'] });
  });

  it('journal with a BOM → journal/invalid (drizzle cannot parse it either)', async () => {
    const p = copy();
    writeFileSync(journalPath(p), '\ufeff' + readFileSync(journalPath(p), 'utf8'));
    const result = await judge(p);
    expect(result.ids).toEqual(['journal/invalid -']);
  });

  it('CRLF line endings in journal, snapshots and SQL are fine', async () => {
    const p = copy();
    for (const file of [journalPath(p), snapshotPath(p, p.tags[1]), sqlPath(p, p.tags[1])]) writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect(await judge(p)).toEqual({ code: 0, ids: [] });
  });

  it('a directory where the journal, a snapshot or a SQL file should be', async () => {
    const p = copy();
    rmSync(snapshotPath(p, p.tags[1]));
    mkdirSync(snapshotPath(p, p.tags[1]));
    rmSync(sqlPath(p, p.tags[2]));
    mkdirSync(sqlPath(p, p.tags[2]));
    expect((await judge(p)).ids).toEqual([`journal/missing-sql ${p.tags[2]}`, `snapshot/invalid ${p.tags[1]}`]);
    rmSync(journalPath(p));
    mkdirSync(journalPath(p));
    expect((await judge(p)).ids).toContain('journal/invalid -');
  });

  it('a FIFO (unreadable without blocking) and a symlink loop as snapshots', async () => {
    const p = copy();
    rmSync(snapshotPath(p, p.tags[0]));
    execFileSync('mkfifo', [snapshotPath(p, p.tags[0])]);
    rmSync(snapshotPath(p, p.tags[2]));
    symlinkSync(snapshotPath(p, p.tags[2]), snapshotPath(p, p.tags[2]));
    expect((await judge(p)).ids).toEqual([`snapshot/invalid ${p.tags[0]}`, `snapshot/invalid ${p.tags[2]}`]);
  });

  it('non-UTF-8 bytes in SQL and in the journal', async () => {
    const p = copy();
    writeFileSync(sqlPath(p, p.tags[1]), Buffer.concat([Buffer.from('CREATE TABLE "x" ('), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(');')]));
    expect(await judge(p)).toEqual({ code: 0, ids: [] });
    writeFileSync(journalPath(p), Buffer.from([0x7b, 0xff, 0x00, 0x7d]));
    expect((await judge(p)).ids).toContain('journal/invalid -');
  });

  it('0-byte snapshot → snapshot/invalid', async () => {
    const p = copy();
    writeFileSync(snapshotPath(p, p.tags[2]), '');
    expect((await judge(p)).ids).toEqual([`snapshot/invalid ${p.tags[2]}`]);
  });

  it('journal of 0 entries: clean when the folder is empty, orphans otherwise', async () => {
    const p = copy();
    writeFileSync(journalPath(p), JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }));
    const result = await judge(p);
    expect(result.ids).toEqual([...p.tags.map((t) => `journal/orphan-snapshot ${t.split('_')[0]}`), ...p.tags.map((t) => `journal/orphan-sql ${t}`)].sort());
    for (const t of p.tags) (rmSync(sqlPath(p, t)), rmSync(snapshotPath(p, t)));
    expect(await judge(p)).toEqual({ code: 0, ids: [] });
  });

  it('missing meta/ → journal/invalid', async () => {
    const p = copy();
    rmSync(join(p.out, 'meta'), { recursive: true });
    expect(await judge(p)).toEqual({ code: 1, ids: ['journal/invalid -'] });
  });

  it('a migrations folder that does not exist → exit 2, one line', async () => {
    const p = copy();
    rmSync(p.out, { recursive: true });
    const run = await runCli(['check'], { cwd: p.dir });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('driftgate: migrations folder drizzle does not exist');
  });
});
