import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBaseProject, type BaseProject } from '../helpers/base-project.js';
import { editJournal } from '../helpers/mutations.js';
import { runCli } from '../helpers/run-cli.js';

// What the user sees: the pretty report, colour rules, GitHub annotations, and --debug timings.
describe('reporters', () => {
  let p: BaseProject;
  beforeAll(async () => {
    p = await makeBaseProject();
    editJournal(p, (j) => {
      j.entries[2].when = j.entries[0].when;
    });
  });
  afterAll(() => p.cleanup());

  it('pretty: grouped by folder › migration, ✖ symbol, rule id, file:line, fix, summary; no colour when not a TTY', async () => {
    const run = await runCli(['check'], { cwd: p.dir, env: { NO_COLOR: undefined } });
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`drizzle › ${p.tags[2]}`);
    expect(lines[1]).toMatch(/^ {2}✖ .* journal\/when-order$/);
    expect(lines[2]).toMatch(/^ {4}at drizzle\/meta\/_journal\.json:\d+$/);
    expect(lines[3]).toMatch(/^ {4}fix: Set its "when" to \d+/);
    expect(run.stdout).toContain('✖ check: 1 error — 3 migrations in 1 folder');
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('FORCE_COLOR colours the report; NO_COLOR wins over it', async () => {
    const coloured = await runCli(['check'], { cwd: p.dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).toMatch(/\u001b\[31m✖/);
    const plain = await runCli(['check'], { cwd: p.dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toMatch(/\u001b\[/);
  });

  it('GITHUB_ACTIONS=true adds one workflow annotation per finding', async () => {
    const run = await runCli(['check'], { cwd: p.dir, env: { GITHUB_ACTIONS: 'true' } });
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=drizzle\/meta\/_journal\.json,line=\d+,title=driftgate journal\/when-order::/);
  });

  it('--debug prints timings on stderr; rules lists every rule id', async () => {
    const run = await runCli(['check', '--debug'], { cwd: p.dir });
    expect(run.stderr).toMatch(/driftgate:debug .*rule journal\/when-order on drizzle: [\d.]+ms/);
    const rules = await runCli(['rules', '--json'], { cwd: p.dir });
    const ids = rules.json().map((r: any) => r.id);
    for (const id of ['journal/invalid', 'journal/when-order', 'snapshot/chain', 'identifier/too-long']) expect(ids).toContain(id);
  });
});
