import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, useBaseProject, type BaseProject } from '../helpers/base-project.js';
import { createDrizzleProject } from '../helpers/drizzle-project.js';
import { editJournal } from '../helpers/mutations.js';
import { runCli } from '../helpers/run-cli.js';

describe('configuration: drizzle config discovery, monorepos, severities, exceptions', () => {
  const { base: baseProject, copy } = useBaseProject({ out: 'db/migrations' });

  it('reads out from drizzle.config.ts (TypeScript, importing drizzle-kit)', async () => {
    const run = await runCli(['check', '--json'], { cwd: baseProject().dir });
    expect(run.code).toBe(0);
    expect(run.json().stats.migrations).toBe(3);
  });

  it('a monorepo: two drizzle configs via repeated --config and via driftgate config "configs"', async () => {
    const root = copy();
    const other = createDrizzleProject({ dir: join(root.dir, 'packages/audit') });
    await other.generate(`export const audit = pgTable('audit', { id: serial('id').primaryKey() });`, 'audit');
    editJournal(root, (j) => {
      j.entries[2].when = 1;
    });
    const run = await runCli(['check', '--json', '--config', 'drizzle.config.ts', '--config', 'packages/audit/drizzle.config.ts'], { cwd: root.dir });
    const doc = run.json();
    expect(doc.stats).toMatchObject({ targets: 2, migrations: 4 });
    expect(doc.findings.map((f: any) => `${f.target} ${f.rule}`)).toEqual(['db/migrations journal/when-order']);
    writeFileSync(join(root.dir, 'driftgate.config.json'), JSON.stringify({ configs: ['drizzle.config.ts', 'packages/audit/drizzle.config.ts'] }));
    const listed = await runCli(['check', '--json'], { cwd: root.dir });
    expect(listed.json().stats.targets).toBe(2);
    expect(listed.code).toBe(1);
  });

  it('a non-postgres dialect is a clear "not supported yet" error, exit 2', async () => {
    const p = copy();
    writeFileSync(join(p.dir, 'drizzle.config.ts'), `export default { dialect: 'mysql', schema: './schema.ts', out: './db/migrations' };\n`);
    const run = await runCli(['check'], { cwd: p.dir });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('driftgate: drizzle.config.ts: dialect "mysql" is not supported yet');
  });

  it('no drizzle config and no --out: exit 2 with a hint; a config that throws: exit 2, one line', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'driftgate-empty-')); // outside any project: nothing to find upward
    const none = await runCli(['check'], { cwd: empty });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^driftgate: no drizzle\.config\.\*, Prisma schema or supabase\/ folder in /);
    rmSync(empty, { recursive: true });
    const p = copy();
    writeFileSync(join(p.dir, 'drizzle.config.ts'), `throw new Error('DATABASE_URL is not set');\n`);
    const broken = await runCli(['check'], { cwd: p.dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^driftgate: cannot load .*drizzle\.config\.ts: DATABASE_URL is not set\n/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  it('driftgate.config.ts: a rule set to off or warn, and an exception with a reason', async () => {
    const p = copy();
    editJournal(p, (j) => {
      j.entries[2].when = 1;
    });
    writeFileSync(join(p.dir, 'driftgate.config.ts'), `import { defineConfig } from '${process.cwd()}/dist/index.js';\nexport default defineConfig({ rules: { 'journal/when-order': 'warn' } });\n`);
    const warned = await runCli(['check', '--json'], { cwd: p.dir });
    expect(warned.code).toBe(0);
    expect(warned.json().findings.map((f: any) => `${f.rule} ${f.severity}`)).toEqual(['journal/when-order warn']);
    writeFileSync(join(p.dir, 'driftgate.config.ts'), `export default { rules: { 'journal/when-order': 'off' } };\n`);
    expect((await runCli(['check', '--json'], { cwd: p.dir })).json().findings).toEqual([]);
    writeFileSync(
      join(p.dir, 'driftgate.config.ts'),
      `export default { exceptions: [{ rule: 'journal/when-order', tag: '${p.tags[2]}', reason: 'applied by hand on every env, see #12' }] };\n`,
    );
    const excepted = await runCli(['check', '--json'], { cwd: p.dir });
    expect(excepted.code).toBe(0);
    expect(excepted.json().suppressed.exceptions).toBe(1);
  });

  it('an exception without a reason, or a bad severity, is a config error (exit 2)', async () => {
    const p = copy();
    writeFileSync(join(p.dir, 'package.json'), JSON.stringify({ name: 'x', driftgate: { exceptions: [{ rule: 'journal/when-order' }] } }));
    const run = await runCli(['check'], { cwd: p.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^driftgate: package\.json#driftgate: the exception for journal\/when-order has no reason/);
    writeFileSync(join(p.dir, 'package.json'), JSON.stringify({ name: 'x', driftgate: { rules: { 'journal/when-order': 'fatal' } } }));
    expect((await runCli(['check'], { cwd: p.dir })).code).toBe(2);
  });

  it('unknown options and commands exit 2 with a usage hint', async () => {
    const flag = await runCli(['check', '--frobnicate'], { cwd: baseProject().dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr.split('\n')[0]).toBe('driftgate: unknown option --frobnicate');
    const cmd = await runCli(['frobnicate'], { cwd: baseProject().dir });
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('unknown command "frobnicate"');
  });
});
