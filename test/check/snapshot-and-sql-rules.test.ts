import { describe, expect, it } from 'vitest';
import { checkJson, useBaseProject, SCHEMA_STEPS, type BaseProject } from '../helpers/base-project.js';
import { editSnapshot, readFileSync, snapshotPath, writeFileSync } from '../helpers/mutations.js';

async function check(p: BaseProject) {
  const result = await checkJson(p);
  expect(result.stderr).toBe('');
  return result;
}
const ids = (findings: any[]) => findings.map((f) => `${f.rule} ${f.tag ?? '-'}`).sort();

describe('snapshot and SQL rules on a real drizzle-kit folder', () => {
  const { base: baseProject, copy } = useBaseProject();

  it('snapshot/chain: a prevId that is not the previous id', async () => {
    const p = copy();
    editSnapshot(p, p.tags[2], (s) => {
      s.prevId = '11111111-1111-1111-1111-111111111111';
    });
    const { code, findings } = await check(p);
    expect(code).toBe(1);
    expect(ids(findings)).toEqual([`snapshot/chain ${p.tags[2]}`]);
    expect(findings[0].file).toBe('drizzle/meta/0002_snapshot.json');
  });

  it('snapshot/collision: two branches generated from the same parent', async () => {
    const p = copy();
    const parent = JSON.parse(readFileSync(snapshotPath(p, p.tags[1]), 'utf8')).prevId;
    editSnapshot(p, p.tags[2], (s) => {
      s.prevId = parent;
    });
    const { findings } = await check(p);
    expect(ids(findings)).toEqual([`snapshot/chain ${p.tags[2]}`, `snapshot/collision ${p.tags[2]}`]);
  });

  it('snapshot/invalid: empty, truncated and id-less snapshots', async () => {
    const p = copy();
    writeFileSync(snapshotPath(p, p.tags[0]), '');
    const full = readFileSync(snapshotPath(p, p.tags[1]), 'utf8');
    writeFileSync(snapshotPath(p, p.tags[1]), full.slice(0, full.length / 2));
    editSnapshot(p, p.tags[2], (s) => {
      delete s.id;
    });
    const { code, findings } = await check(p);
    expect(code).toBe(1);
    expect(ids(findings)).toEqual(p.tags.map((t) => `snapshot/invalid ${t}`));
    expect(findings.map((f) => f.message).join('\n')).toMatch(/empty[\s\S]*truncated[\s\S]*no "id"/);
  });

  it('sql/transaction-control: BEGIN/COMMIT in a custom migration, with its line numbers', async () => {
    const p = copy();
    const tag = await p.custom('backfill', 'BEGIN;\nUPDATE "users" SET "role" = \'admin\' WHERE "id" = 1;\nCOMMIT;\n');
    const { code, findings } = await check(p);
    expect(code).toBe(1);
    expect(ids(findings)).toEqual([`sql/transaction-control ${tag}`, `sql/transaction-control ${tag}`]);
    expect(findings.map((f) => f.line)).toEqual([1, 3]);
    expect(findings[0].file).toBe(`drizzle/${tag}.sql`);
  });

  it('sql/transaction-control ignores BEGIN/END inside DO blocks, functions, strings and comments', async () => {
    const p = copy();
    const sql = [
      'DO $$ BEGIN\n CREATE TYPE "public"."mood" AS ENUM(\'ok\');\nEXCEPTION WHEN duplicate_object THEN null;\nEND $$;',
      '--> statement-breakpoint',
      "CREATE FUNCTION f() RETURNS trigger AS $fn$ BEGIN RETURN NEW; END; $fn$ LANGUAGE plpgsql;",
      '--> statement-breakpoint',
      "-- COMMIT; in a comment\nINSERT INTO \"users\" (\"email\") VALUES ('BEGIN; COMMIT;');",
      "/* ROLLBACK; */ SAVEPOINT s1;",
      'ROLLBACK TO SAVEPOINT s1;',
    ].join('\n');
    await p.custom('functions', sql);
    expect(ids((await check(p)).findings)).toEqual([]);
  });

  it('sql/concurrently-in-transaction: CREATE INDEX CONCURRENTLY', async () => {
    const p = copy();
    const tag = await p.custom('idx', 'CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email");');
    const { code, findings } = await check(p);
    expect(code).toBe(1);
    expect(ids(findings)).toEqual([`sql/concurrently-in-transaction ${tag}`]);
    expect(findings[0].line).toBe(1);
  });

  it('identifier/too-long: a long name in hand-written SQL of the newest migration', async () => {
    const p = copy();
    const name = 'index_on_users_email_lowercased_for_case_insensitive_lookups_v02';
    const tag = await p.custom('ci_email', `CREATE INDEX "${name}" ON "users" (lower("email"));`);
    const { findings } = await check(p);
    // The index is built on users, which an earlier migration created: a lock hazard as well.
    expect(ids(findings)).toEqual([`identifier/too-long ${tag}`, `lock/create-index ${tag}`]);
    expect(findings[0]).toMatchObject({ file: `drizzle/${tag}.sql`, line: 1 });
    expect(findings[0].message).toContain(`"${name}" in ${tag}.sql is 64 bytes`);
    // The next migration drops it: dropping a long name is the fix, not a new finding.
    const dropTag = await p.custom('drop_ci_email', `DROP INDEX "${name}";\n--> statement-breakpoint\nALTER TABLE "users" DROP CONSTRAINT IF EXISTS "${name}";`);
    expect(ids((await check(p)).findings)).toEqual([]);
    expect(dropTag).toBeDefined();
  });

  it('identifier/too-long: a generated foreign key name over 63 bytes', async () => {
    const p = copy();
    const tag = await p.generate(
      `${SCHEMA_STEPS[2]}\nexport const organizations_with_a_rather_long_name = pgTable('organizations_with_a_rather_long_name', { id: serial('id').primaryKey() });
export const organization_membership_records = pgTable('organization_membership_records', { id: serial('id').primaryKey(), organizationIdentifier: integer('organization_identifier').references(() => organizations_with_a_rather_long_name.id) });`,
      'long_names',
    );
    const { code, findings } = await check(p);
    expect(code).toBe(1);
    expect(ids(findings)).toEqual([`identifier/too-long ${tag}`]);
    expect(findings[0].message).toContain('organization_membership_records_organization_identifier_organizations_with_a_rather_long_name_id_fk');
  });
});
