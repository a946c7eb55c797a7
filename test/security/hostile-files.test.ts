import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useBaseProject, type BaseProject } from '../helpers/base-project.js';
import { editJournal, journalPath, sqlPath } from '../helpers/mutations.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 11.7 and 11.8: links out of the project, files that cannot be read, and tags made to attack a terminal or a
// shell. Policy (docs/security.md): links are followed only while they stay in the project; a listed file that
// cannot serve is an error that says what it is; text output shows control characters as escapes; every path in a
// suggested command is shell-quoted.
const outside = mkdtempSync(join(tmpdir(), 'dg-outside-'));
const SECRET = 'DATABASE_URL=postgres://app:TopSecret99@db/prod';
writeFileSync(join(outside, 'secret.env'), `${SECRET}\n`);
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const { copy } = useBaseProject();
const ids = (run: { json(): any }) => run.json().findings.map((f: any) => `${f.rule} ${f.tag ?? '-'}`);
async function check(p: BaseProject, args: string[] = ['--json']) {
  const run = await runCli(['check', ...args], { cwd: p.dir, timeoutMs: 20_000 });
  expect(run.code, `killed (a hang?) ${run.stderr}`).not.toBeNull();
  expect(run.stdout + run.stderr).not.toContain('TopSecret99');
  return run;
}

describe('links and unreadable files', () => {
  it('a migration linked to a file outside the project → journal/missing-sql says so; never read, printed or replayed', async () => {
    const p = copy();
    rmSync(sqlPath(p, p.tags[2]));
    symlinkSync(join(outside, 'secret.env'), sqlPath(p, p.tags[2]));
    const run = await check(p);
    expect(run.code).toBe(1);
    const f = run.json().findings.find((x: any) => x.rule === 'journal/missing-sql');
    expect(f).toMatchObject({ tag: p.tags[2], file: `drizzle/${p.tags[2]}.sql` });
    expect(f.message).toBe(`${p.tags[2]}.sql is listed in the journal but is a symbolic link to ${join(outside, 'secret.env')}, outside the project: driftgate does not follow it`);
    const verify = await runCli(['verify'], { cwd: p.dir, env: { DATABASE_URL: undefined }, timeoutMs: 60_000 });
    expect(verify.stdout + verify.stderr).not.toContain('TopSecret99');
    expect(verify.stdout).toContain('embedded replay skipped — a listed SQL file cannot be read safely');
  });

  it('a link that stays inside the project is followed (no finding)', async () => {
    const p = copy();
    const kept = join(p.dir, 'sql-store');
    mkdirSync(kept);
    writeFileSync(join(kept, 'roles.sql'), readFileSync(sqlPath(p, p.tags[2])));
    rmSync(sqlPath(p, p.tags[2]));
    symlinkSync(join(kept, 'roles.sql'), sqlPath(p, p.tags[2]));
    const run = await check(p);
    expect(ids(run)).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a journal linked to a secret → journal/invalid "cannot be read (a symbolic link … outside the project)", its start never printed', async () => {
    const p = copy();
    rmSync(journalPath(p));
    symlinkSync(join(outside, 'secret.env'), journalPath(p));
    for (const args of [['--json'], []]) {
      const run = await check(p, args);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`meta/_journal.json cannot be read (a symbolic link to ${join(outside, 'secret.env')}, outside the project: driftgate does not follow it)`);
      expect(run.stdout).not.toContain('DATABASE_URL');
    }
  });

  for (const [what, make, says] of [
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path), 'is a symbolic link to /dev/zero, outside the project'],
    ['a FIFO (never opened: it would block)', (path: string) => execFileSync('mkfifo', [path]), 'is not a regular file (a FIFO)'],
    ['a directory', (path: string) => mkdirSync(path), 'is a directory'],
    ['a dangling link', (path: string) => symlinkSync(join(outside, 'gone.sql'), path), 'is a dangling symbolic link'],
  ] as const) {
    it(`a listed SQL file that is ${what} → an error that says so, not "does not exist", not a silent pass`, async () => {
      const p = copy();
      rmSync(sqlPath(p, p.tags[1]));
      make(sqlPath(p, p.tags[1]));
      const run = await check(p);
      expect(run.code).toBe(1);
      const f = run.json().findings.filter((x: any) => x.rule === 'journal/missing-sql');
      expect(f.map((x: any) => x.tag)).toEqual([p.tags[1]]);
      expect(f[0].message).toContain(`${p.tags[1]}.sql is listed in the journal but ${says}`);
    });
  }

  it.skipIf(process.getuid?.() === 0)('a listed SQL file with mode 000 → "cannot be read (EACCES)" (non-root only: root reads it)', async () => {
    const p = copy();
    chmodSync(sqlPath(p, p.tags[1]), 0o000);
    const run = await check(p);
    expect(run.code).toBe(1);
    expect(run.json().findings.find((x: any) => x.rule === 'journal/missing-sql').message).toContain('cannot be read (EACCES)');
  });

  it('a "../outside/evil" tag → journal/invalid that says drizzle would read a file outside the folder (not "does not exist")', async () => {
    const p = copy();
    mkdirSync(join(p.dir, 'outside'));
    writeFileSync(join(p.dir, 'outside', 'evil.sql'), 'DROP TABLE users;');
    editJournal(p, (j) => j.entries.push({ ...j.entries[2], idx: 3, when: j.entries[2].when + 1, tag: '../outside/evil' }));
    const run = await check(p);
    expect(run.code).toBe(1);
    const messages = run.json().findings.map((f: any) => `${f.rule}: ${f.message}`);
    expect(messages).toEqual(['journal/invalid: journal entry #3 has the tag "../outside/evil", a path: drizzle would read ../outside/evil.sql, outside the migrations folder']);
  });
});

describe('terminal and copy-paste injection', () => {
  const ESC_TAG = '0003_x\u001b[2J\u001b[H\u001b[32m✓ check: no problems\u001b[0m';

  it('a tag with ANSI escapes is printed with visible escapes (no raw ESC reaches the terminal)', async () => {
    const p = copy();
    editJournal(p, (j) => j.entries.push({ ...j.entries[2], idx: 3, when: j.entries[2].when + 1, tag: ESC_TAG }));
    const run = await check(p, []);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('\u001b');
    expect(run.stdout).toContain('0003_x\\x1b[2J\\x1b[H\\x1b[32m✓ check: no problems\\x1b[0m');
    // --json keeps the exact value (JSON escapes it itself).
    const json = await check(p, ['--json']);
    expect(json.json().findings.some((f: any) => f.tag === ESC_TAG)).toBe(true);
  });

  it('a tag with $(touch …): the suggested command quotes the path, and running it as pasted touches nothing', async () => {
    const p = copy();
    // A quote to break out of naive '…' quoting; no "/" (a tag with a path is journal/invalid, above).
    const tag = "0003_x'$(touch pwned)'";
    const marker = join(p.dir, 'pwned');
    editJournal(p, (j) => j.entries.push({ ...j.entries[2], idx: 3, when: j.entries[2].when + 1, tag }));
    const run = await check(p, []);
    expect(run.code).toBe(1);
    const command = /\((git log --all -- [^\n]*?)\), or remove/.exec(run.stdout)?.[1];
    expect(command).toBe(`git log --all -- 'drizzle/0003_x'\\''$(touch pwned)'\\''.sql'`);
    spawnSync('sh', ['-c', command!], { cwd: p.dir });
    expect(existsSync(marker)).toBe(false);
  });
});
