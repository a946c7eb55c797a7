import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { createDrizzleV1Project, type DrizzleV1Project } from './helpers/drizzle-v1-project.js';
import { runCli } from './helpers/run-cli.js';

/** upgrade/order-change, when-future, name-collision and left-behind: each predicted on a 0.x folder made by the real
 * drizzle-kit 0.31, then checked against what the real drizzle-kit 1.0 `up` does to a copy of that folder. */
let old: DrizzleProject;
const copies: DrizzleV1Project[] = [];
let tags: string[] = [];

beforeAll(async () => {
  old = createDrizzleProject();
  tags.push((await old.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });`, 'users'))!);
  tags.push((await old.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });`, 'zeta'))!);
  tags.push((await old.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), age: integer('age') });`, 'alpha'))!);
});
afterAll(() => {
  for (const c of copies) c.cleanup();
  old?.cleanup();
});

/** A drizzle-kit 1.0 project holding a copy of the 0.x folder with its journal edited. */
function upgradeCopy(edit: (entries: { tag: string; when: number }[]) => void): DrizzleV1Project {
  const p = createDrizzleV1Project();
  copies.push(p);
  cpSync(old.out, p.out, { recursive: true });
  const journal = JSON.parse(p.read('drizzle/meta/_journal.json'));
  journal.entries.forEach((e: { when: number }, i: number) => (e.when = Date.UTC(2025, 0, 1, 12, i * 5) + 100)); // minutes apart
  edit(journal.entries);
  p.write('drizzle/meta/_journal.json', JSON.stringify(journal, null, 2));
  return p;
}

async function preview(p: DrizzleV1Project) {
  const run = await runCli(['check', '--upgrade-preview', '--json', '--no-baseline'], { cwd: p.dir });
  expect(run.stderr).toBe('');
  expect([0, 1]).toContain(run.code);
  return (run.json().findings as { rule: string; tag?: string; severity: string; message: string; fix?: string }[]).filter((f) => f.rule.startsWith('upgrade/') && f.rule !== 'upgrade/plan');
}

describe('upgrade/* predictions against the real drizzle-kit up', () => {
  it('upgrade/order-change: two entries in one second sort by name after up', async () => {
    const p = upgradeCopy((e) => {
      e[2].when = e[1].when + 300; // 0002_alpha 300 ms after 0001_zeta: same second, "alpha" < "zeta"
    });
    const found = await preview(p);
    expect(found.map((f) => `${f.rule} ${f.tag}`)).toEqual([`upgrade/order-change ${tags[2]}`]);
    expect(found[0].severity).toBe('warn');
    expect(found[0].message).toContain(`drizzle-orm 1.0 runs ${tags[2]} FIRST`);
    const up = await p.up();
    // what up does: either refuses (the child's snapshot sorts before its parent) or writes alpha before zeta
    if (up.ok) expect(p.folders().slice(1).map((f) => f.replace(/^\d+_/, ''))).toEqual(['alpha', 'zeta']);
    else expect(up.output).toMatch(/sorts before its parent/);
  });

  it('upgrade/when-future: a 2030 `when` becomes a 2030 folder name', async () => {
    const p = upgradeCopy((e) => {
      e[2].when = Date.UTC(2030, 5, 1, 8, 0, 0);
    });
    const found = await preview(p);
    expect(found.map((f) => `${f.rule} ${f.tag}`)).toContain(`upgrade/when-future ${tags[2]}`);
    const up = await p.up();
    expect(up.ok, up.output).toBe(true);
    expect(p.folders().at(-1)).toBe('20300601080000_alpha');
  });

  it('upgrade/name-collision: two entries with one name in one second map to one folder; drizzle-kit up refuses it', async () => {
    const p = upgradeCopy((e) => {
      e[2].when = e[1].when + 200;
    });
    // 0002's name made equal to 0001's, as two `generate --name zeta` in one second would
    const journal = JSON.parse(p.read('drizzle/meta/_journal.json'));
    const renamed = `${tags[2].split('_')[0]}_zeta`;
    journal.entries[2].tag = renamed;
    p.write('drizzle/meta/_journal.json', JSON.stringify(journal, null, 2));
    writeFileSync(join(p.out, `${renamed}.sql`), p.read(`drizzle/${tags[2]}.sql`));
    const found = await preview(p);
    expect(found.map((f) => `${f.rule} ${f.tag}`)).toContain(`upgrade/name-collision ${renamed}`);
    expect(found.find((f) => f.rule === 'upgrade/name-collision')!.message).toContain('drizzle-kit 1.0 up refuses the folder');
    const up = await p.up();
    expect(up.ok).toBe(false);
    // drizzle-kit 1.0 catches it before moving anything
    expect(up.output).toContain(`migration ${renamed} sorts before its parent ${tags[1]}`);
    expect(up.output).toContain('No file was changed');
    expect(existsSync(join(p.out, `${renamed}.sql`))).toBe(true);
  });

  it('upgrade/left-behind: a .sql file no entry lists stays loose after up', async () => {
    const p = upgradeCopy(() => {});
    writeFileSync(join(p.out, '0003_fix.sql'), 'UPDATE "users" SET "age" = 0;\n');
    const found = await preview(p);
    expect(found.map((f) => `${f.rule} ${f.tag}`)).toEqual(['upgrade/left-behind 0003_fix']);
    const up = await p.up();
    expect(up.ok, up.output).toBe(true);
    expect(existsSync(join(p.out, '0003_fix.sql'))).toBe(true);
    expect(p.folders()).toHaveLength(3);
  });
});
