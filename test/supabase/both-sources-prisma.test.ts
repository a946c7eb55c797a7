import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/postgres.js';
import { runCli } from '../helpers/run-cli.js';
import { dbPush, SUPABASE_BIN } from '../helpers/supabase-cli.js';

const SCHEMA = `datasource db {
  provider = "postgresql"
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
`;

// Prisma as the client's schema, Supabase CLI migrations as the SQL production runs (no prisma/migrations).
describe('both sources: a Prisma schema and Supabase SQL that disagree', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dg-sbprisma-'));
    db = await createTestDatabase('dg_sbprisma');
    mkdirSync(join(dir, 'prisma'));
    writeFileSync(join(dir, 'prisma/schema.prisma'), SCHEMA);
    expect(spawnSync(SUPABASE_BIN, ['init'], { cwd: dir, input: '', encoding: 'utf8' }).status).toBe(0);
    // the SQL: name is varchar(100), no unique index on email, no Post table, an extra audit table
    const sql = 'create table "User" (id serial primary key, email text not null, name varchar(100));\ncreate table audit (id bigint);\n';
    const made = spawnSync(SUPABASE_BIN, ['migration', 'new', 'init'], { cwd: dir, input: sql, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    await dbPush(dir, db.url); // the real CLI applies it
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports each difference once, naming the Supabase side and schema.prisma (as built by Prisma\'s engine)', async () => {
    const run = await runCli(['verify', '--embedded', '--out', 'supabase/migrations', '--json'], { cwd: dir, env: { DRIFTGATE_SKIP: 'typecheck,schema' } });
    const mismatches = run.json().findings.filter((f: { rule: string }) => f.rule === 'supabase/schema-mismatch');
    expect(mismatches.map((f: { key: string }) => f.key).sort()).toEqual(
      ['db/column-type:public.User/column:name', 'db/extra-object:public.audit', 'db/missing-index:public.User/index:User_email_key', 'db/missing-table:public.Post'].sort(),
    );
    expect(mismatches.find((f: { key: string }) => f.key === 'db/column-type:public.User/column:name').message).toBe(
      'the Supabase migrations (supabase/migrations) and the Prisma schema prisma/schema.prisma disagree: column public.User.name is character varying(100), the Prisma schema prisma/schema.prisma says text',
    );
    expect(run.code).toBe(1);
  }, 240_000);
});
