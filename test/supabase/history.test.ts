import { renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_OPTIONS, withReadOnlyDatabase } from '../../src/db/postgres-client.js';
import { fsSource } from '../../src/folder/fs-source.js';
import { judgeHistory } from '../../src/systems/supabase/judge-history.js';
import { loadSupabaseFolder } from '../../src/systems/supabase/migration-files.js';
import { readHistory } from '../../src/systems/supabase/schema-migrations.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { dbPush, supabaseProject } from '../helpers/supabase-cli.js';

const FIRST = '20240101000000_profiles.sql';
const SECOND = '20240301000000_teams.sql';

async function judge(dir: string, url: string, strict = false) {
  const folder = await loadSupabaseFolder(fsSource(join(dir, 'supabase', 'migrations')), 'supabase/migrations');
  return withReadOnlyDatabase(url, DEFAULT_CONNECT_OPTIONS, async (client) => {
    const history = await readHistory(client);
    return { history, verdict: await judgeHistory(folder, history, { strict }) };
  });
}

const summary = (findings: { rule: string; key?: string; severity?: string }[]) => findings.map((f) => `${f.rule} ${f.key}${f.severity ? ` ${f.severity}` : ''}`);

describe('supabase_migrations.schema_migrations, as the real CLI writes it', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('dg_sbhist');
    dir = supabaseProject({
      [FIRST]: '-- profiles\ncreate table profiles (id uuid primary key, name text);\ncreate function touch() returns trigger language plpgsql as $$ begin new.name := trim(new.name); return new; end; $$;\n',
      [SECOND]: 'create table teams (id bigint generated always as identity primary key);\n',
    });
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports a database the CLI never touched', async () => {
    const { history, verdict } = await judge(dir, db.url);
    expect(history.exists).toBe(false);
    expect(summary(verdict.findings)).toEqual(['db/no-migrations-table supabase_migrations.schema_migrations']);
  });

  it('reads the rows db push wrote exactly, and finds nothing to report', async () => {
    await dbPush(dir, db.url);
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const raw = await sql<{ version: string; name: string; statements: string[] }[]>`select version, name, statements from supabase_migrations.schema_migrations order by version`;
    await sql.end();
    const { history, verdict } = await judge(dir, db.url);
    expect(history.rows).toEqual(raw.map((r) => ({ version: r.version, name: r.name, statements: r.statements })));
    expect(history.rows[0].statements).toHaveLength(2);
    expect(verdict.findings).toEqual([]);
    expect(verdict.applied).toBe(2);
  });

  it('a new file after the newest applied one is pending (an error with --strict)', async () => {
    writeFileSync(join(dir, 'supabase/migrations/20240401000000_pending.sql'), 'create table later (id int);\n');
    expect(summary((await judge(dir, db.url)).verdict.findings)).toEqual(['db/pending 20240401000000']);
    expect(summary((await judge(dir, db.url, true)).verdict.findings)).toEqual(['db/pending 20240401000000 error']);
    unlinkSync(join(dir, 'supabase/migrations/20240401000000_pending.sql'));
  });

  it('a file older than the newest applied version is skipped-migration, and db push refuses it', async () => {
    const late = join(dir, 'supabase/migrations/20240201000000_backfill.sql');
    writeFileSync(late, 'create table backfill (id int);\n');
    expect(summary((await judge(dir, db.url)).verdict.findings)).toEqual(['db/skipped-migration 20240201000000']);
    const push = await dbPush(dir, db.url, [], true);
    expect(push.output).toContain('Found local migration files to be inserted before the last migration on remote database');
    unlinkSync(late);
  });

  it('an applied file edited afterwards is edited-after-apply, at the statement that changed', async () => {
    const path = join(dir, 'supabase/migrations', FIRST);
    const original = (await import('node:fs')).readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('name text', 'name text not null'));
    const [finding] = (await judge(dir, db.url)).verdict.findings;
    expect(finding).toMatchObject({ rule: 'db/edited-after-apply', key: '20240101000000', line: 1, file: `supabase/migrations/${FIRST}` });
    expect(finding.message).toContain('statement 1 (line 1)');
    // Whitespace the CLI trims away is not an edit: the split is what the CLI compares.
    writeFileSync(path, `${original}\n\n`);
    expect((await judge(dir, db.url)).verdict.findings).toEqual([]);
    writeFileSync(path, original);
  });

  it('an applied version with no local file is unknown-migration (an error), and db push refuses to run', async () => {
    const path = join(dir, 'supabase/migrations', SECOND);
    renameSync(path, `${path}.away`);
    expect(summary((await judge(dir, db.url)).verdict.findings)).toEqual(['db/unknown-migration 20240301000000 error']);
    const push = await dbPush(dir, db.url, [], true);
    expect(push.output).toContain('Remote migration versions not found in local migrations directory');
    renameSync(`${path}.away`, path);
  });
});
