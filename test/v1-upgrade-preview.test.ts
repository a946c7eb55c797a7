import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { createDrizzleV1Project, type DrizzleV1Project } from './helpers/drizzle-v1-project.js';
import { createTestDatabase } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

/** drizzle-orm 0.45's real migrator (postgres-js), run inside the 0.x project. */
const MIGRATE_0X = `
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
const client = postgres(process.argv[2], { max: 1, onnotice: () => {} });
try { await migrate(drizzle(client), { migrationsFolder: process.argv[3] }); } finally { await client.end(); }
`;

let old: DrizzleProject;
let prod: Awaited<ReturnType<typeof createTestDatabase>>;
const v1s: DrizzleV1Project[] = [];
let tags: { init: string; age: string; backfill: string };

async function migrate0x(url: string) {
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, [join(old.dir, 'migrate0.mjs'), url, old.out], { cwd: old.dir, stdio: 'pipe' });
}
async function appliedCount(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await sql`select count(*)::int as n from drizzle.__drizzle_migrations`)[0].n;
  } finally {
    await sql.end();
  }
}
/** A drizzle-kit 1.0 project holding a copy of the 0.x folder as it is now. */
function v1Copy(): DrizzleV1Project {
  const p = createDrizzleV1Project();
  v1s.push(p);
  cpSync(old.out, p.out, { recursive: true });
  return p;
}

beforeAll(async () => {
  prod = await createTestDatabase('dg_v1_up');
  old = createDrizzleProject();
  writeFileSync(join(old.dir, 'migrate0.mjs'), MIGRATE_0X);
  const init = (await old.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });`))!;
  const age = (await old.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), age: integer('age') });`))!;
  // drizzle-kit 0.31 can generate both in one second; space them as minutes apart, as in a real history
  const spaced = old.journal();
  spaced.entries[1].when = spaced.entries[0].when + 5 * 60_000;
  old.writeJournal(spaced);
  await migrate0x(prod.url); // "production" has init and age
  // A hand-written migration stamped a minute before add_age (a rebased branch): 0.x skips it on prod, silently.
  const backfill = await old.custom('backfill', `UPDATE "users" SET "age" = 0 WHERE "age" IS NULL;`);
  const journal = old.journal();
  journal.entries[2].when = journal.entries[1].when - 60_000;
  old.writeJournal(journal);
  await migrate0x(prod.url);
  tags = { init, age, backfill };
});
afterAll(async () => {
  for (const p of v1s) p.cleanup();
  old?.cleanup();
  await prod?.drop();
});

describe('driftgate check --upgrade-preview', () => {
  it('the 0.x migrator really skipped the early-stamped migration on prod', async () => {
    expect(await appliedCount(prod.url)).toBe(2);
  });

  it('warns that 1.0 will APPLY the skipped migration, lists what drizzle-kit up produces, and up behaves as predicted', async () => {
    const run = await runCli(['check', '--upgrade-preview', '--json', '--no-baseline'], { cwd: old.dir });
    expect(run.stderr).toBe('');
    const findings = run.json().findings as { rule: string; tag?: string; severity: string; message: string; fix?: string }[];
    const rules = findings.map((f) => `${f.rule} ${f.tag ?? '-'}`);
    expect(rules).toContain(`journal/when-order ${tags.backfill}`); // today's error is still reported
    expect(rules).toContain(`upgrade/when-regression ${tags.backfill}`);
    expect(rules).toContain('upgrade/plan -');
    const regression = findings.find((f) => f.rule === 'upgrade/when-regression')!;
    expect(regression.severity).toBe('warn');
    expect(regression.message).toContain('RUNS');
    expect(regression.message).toContain('drizzle-kit up itself refuses');
    expect(run.code).toBe(1);

    // the prediction "up refuses" is what drizzle-kit 1.0 really does
    const refused = await v1Copy().up();
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('sorts before its parent');
  });

  it('predicts that drizzle-kit up refuses a history with a missing parent snapshot — and up does refuse', async () => {
    const p = v1Copy();
    const path = `drizzle/meta/${tags.age.split('_')[0]}_snapshot.json`;
    const snapshot = JSON.parse(p.read(path));
    snapshot.prevId = '11111111-2222-3333-4444-555555555555';
    p.write(path, JSON.stringify(snapshot, null, 2));
    const journal = JSON.parse(p.read('drizzle/meta/_journal.json')); // only this problem: no when regression
    journal.entries[2].when = journal.entries[1].when + 1000;
    p.write('drizzle/meta/_journal.json', JSON.stringify(journal, null, 2));
    const run = await runCli(['check', '--upgrade-preview', '--json', '--no-baseline'], { cwd: p.dir });
    const blocked = run.json().findings.filter((f: { rule: string; key?: string }) => f.rule === 'upgrade/blocked');
    expect(blocked.map((f: { tag: string }) => f.tag)).toEqual([tags.age]);
    expect(blocked[0].message).toContain('deleted in the middle');
    const up = await p.up();
    expect(up.ok).toBe(false);
    expect(up.output).toContain('deleted in the middle of the history');
  });

  it('after the suggested restamp the plan names are exactly the folders drizzle-kit up writes, and drizzle-orm 1.0 applies the skipped migration on prod', async () => {
    const journal = old.journal();
    journal.entries[2].when = journal.entries[1].when + 1000;
    old.writeJournal(journal);

    const pretty = await runCli(['check', '--upgrade-preview', '--no-baseline'], { cwd: old.dir });
    const planned = [...pretty.stdout.matchAll(/drizzle-kit up: drizzle\/\S+ → drizzle\/(\S+)\/migration\.sql/g)].map((m) => m[1]);
    expect(planned).toHaveLength(3);
    expect(pretty.stdout).not.toContain('upgrade/when-regression');
    expect(pretty.code).toBe(0);

    const upgraded = v1Copy();
    const up = await upgraded.up();
    expect(up.ok, up.output).toBe(true);
    expect(upgraded.folders()).toEqual([...planned].sort());

    // the upgraded folder passes check on the 1.0 layout
    const after = await runCli(['check', '--json', '--no-baseline'], { cwd: upgraded.dir });
    expect(after.json().findings.map((f: { rule: string }) => f.rule)).toEqual([]);
    expect(after.code).toBe(0);

    // before the 1.0 deploy: verify explains the 0.x-shaped table and shows the skipped migration as pending
    const before = await runCli(['verify', '--db', prod.url, '--json', '--no-baseline', '--no-typecheck'], { cwd: upgraded.dir });
    const beforeRules = before.json().findings.map((f: { rule: string; tag?: string }) => `${f.rule} ${f.tag ?? '-'}`);
    expect(beforeRules).toContain('db/table-upgrade -');
    expect(beforeRules).toContain(`db/pending ${planned[2]}`);
    expect(beforeRules.filter((r: string) => r.startsWith('db/unknown-migration'))).toEqual([]);

    // deploy with drizzle-orm 1.0: the migration 0.x skipped now RUNS on prod
    const migrated = await upgraded.migrate(prod.url);
    expect(migrated.ok, migrated.output).toBe(true);
    expect(JSON.parse(migrated.output.trim().split('\n').at(-1)!)).toEqual(planned);
    const sql = postgres(prod.url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select name, applied_at from drizzle.__drizzle_migrations order by id`;
      // the two rows 0.x wrote were backfilled with names and applied_at NULL; the new row has a time
      expect(rows.map((r) => r.applied_at === null)).toEqual([true, true, false]);
      expect(rows[2].name).toBe(planned[2]);
    } finally {
      await sql.end();
    }
    // after: the backfilled rows are explained (info), nothing pending, no error
    const afterDeploy = await runCli(['verify', '--db', prod.url, '--json', '--no-baseline', '--no-typecheck'], { cwd: upgraded.dir });
    const dbFindings = afterDeploy.json().findings.filter((f: { rule: string }) => f.rule.startsWith('db/'));
    expect(dbFindings.map((f: { rule: string; severity: string }) => `${f.rule} ${f.severity}`)).toEqual(['db/table-upgrade info']);
    expect(dbFindings[0].message).toContain('2 rows have no applied_at');
  });

  it('on a folder already on the 1.0 layout it says there is nothing to upgrade', async () => {
    const v1 = v1Copy();
    expect((await v1.up()).ok).toBe(true);
    const run = await runCli(['check', '--upgrade-preview', '--no-baseline'], { cwd: v1.dir });
    expect(run.stdout).toContain('already on the drizzle-kit 1.0 layout');
    expect(run.code).toBe(0);
  });
});
