/** DB verify benchmark: schemas of N tables (15 columns, 2 indexes, 1 FK each) on the real server, driftgate's
 * verify (connect + read-only transaction + migrations table + introspection + compare) against the seed's approach
 * (one information_schema.columns query, tables + columns only), timed in the same run.
 * Usage: tsx scripts/bench-verify.ts [--sizes 100,1000,3000] */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { DEFAULT_CONNECT_OPTIONS, withReadOnlyDatabase } from '../src/db/postgres-client.js';
import { verifyDatabase } from '../src/db/verify-database.js';
import { openFolder } from '../src/folder/open-folder.js';
import { DEFAULT_SETTINGS } from '../src/folder/migration-folder.js';

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [100, 1000, 3000];

function schemaFor(n: number): { sql: string; snapshot: object } {
  const tables: Record<string, object> = {};
  const ddl: string[] = [];
  for (let t = 0; t < n; t++) {
    const name = `t${t}`;
    const columns: Record<string, object> = { id: { name: 'id', type: 'serial', primaryKey: true, notNull: true } };
    const cols = ['"id" serial PRIMARY KEY NOT NULL'];
    for (let c = 0; c < 14; c++) {
      const type = ['text', 'integer', 'varchar(64)', 'timestamp with time zone', 'boolean', 'numeric(10, 2)', 'jsonb'][c % 7];
      const col = `c${c}`;
      const notNull = c % 3 === 0;
      const dflt = type === 'boolean' ? false : type === 'timestamp with time zone' ? 'now()' : undefined;
      columns[col] = { name: col, type, primaryKey: false, notNull, ...(dflt !== undefined ? { default: dflt } : {}) };
      cols.push(`"${col}" ${type}${dflt !== undefined ? ` DEFAULT ${dflt}` : ''}${notNull ? ' NOT NULL' : ''}`);
    }
    if (t > 0) {
      columns.parent_id = { name: 'parent_id', type: 'integer', primaryKey: false, notNull: false };
      cols.push('"parent_id" integer');
    }
    ddl.push(`CREATE TABLE "${name}" (${cols.join(', ')});`);
    const indexes: Record<string, object> = {
      [`${name}_c0_idx`]: { name: `${name}_c0_idx`, columns: [{ expression: 'c0', isExpression: false, asc: true, nulls: 'last' }], isUnique: false, concurrently: false, method: 'btree', with: {} },
      [`${name}_c1_uq`]: { name: `${name}_c1_uq`, columns: [{ expression: 'c1', isExpression: false, asc: true, nulls: 'last' }], isUnique: true, concurrently: false, method: 'btree', with: {} },
    };
    ddl.push(`CREATE INDEX "${name}_c0_idx" ON "${name}" USING btree ("c0");`, `CREATE UNIQUE INDEX "${name}_c1_uq" ON "${name}" USING btree ("c1");`);
    const foreignKeys: Record<string, object> = {};
    if (t > 0) {
      const fk = `${name}_parent_fk`;
      foreignKeys[fk] = { name: fk, tableFrom: name, tableTo: `t${t - 1}`, columnsFrom: ['parent_id'], columnsTo: ['id'], onDelete: 'no action', onUpdate: 'no action' };
      ddl.push(`ALTER TABLE "${name}" ADD CONSTRAINT "${fk}" FOREIGN KEY ("parent_id") REFERENCES "public"."t${t - 1}"("id");`);
    }
    tables[`public.${name}`] = { name, schema: '', columns, indexes, foreignKeys, compositePrimaryKeys: {}, uniqueConstraints: {}, policies: {}, checkConstraints: {}, isRLSEnabled: false };
  }
  const snapshot = { id: '11111111-1111-1111-1111-111111111111', prevId: '00000000-0000-0000-0000-000000000000', version: '7', dialect: 'postgresql', tables, enums: {}, schemas: {}, sequences: {}, roles: {}, policies: {}, views: {}, _meta: { columns: {}, schemas: {}, tables: {} } };
  return { sql: ddl.join('\n--> statement-breakpoint\n'), snapshot };
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
const rows: string[] = [];
for (const n of sizes) {
  const name = `dgbench_${n}_${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'dgbench-'));
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  try {
    const { sql, snapshot } = schemaFor(n);
    const when = Date.now();
    mkdirSync(join(dir, 'meta'), { recursive: true });
    writeFileSync(join(dir, '0000_bench.sql'), sql);
    writeFileSync(join(dir, 'meta/0000_snapshot.json'), JSON.stringify(snapshot));
    writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when, tag: '0000_bench', breakpoints: true }] }));
    const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
    // In chunks: thousands of CREATEs in one transaction exceed max_locks_per_transaction.
    const statements = sql.split('--> statement-breakpoint');
    for (let i = 0; i < statements.length; i += 300) await db.unsafe(statements.slice(i, i + 300).join(''));
    await db.unsafe(`CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint);`);
    await db.unsafe(`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('${createHash('sha256').update(sql).digest('hex')}', ${when})`);
    await db.end();
    const folder = await openFolder({ label: 'bench', outDir: dir, root: dir, dialect: 'postgresql', schema: [], settings: DEFAULT_SETTINGS });
    let queries = 0;
    const [verdict, verifyMs] = await time(() =>
      withReadOnlyDatabase(url.toString(), DEFAULT_CONNECT_OPTIONS, (client) =>
        verifyDatabase({
          query: async <T,>(text: string, params?: unknown[]): Promise<T[]> => {
            queries++;
            const t0 = performance.now();
            const r = await client.query<T>(text, params);
            if (process.env.BENCH_DEBUG) console.error(`${(performance.now() - t0).toFixed(0)}ms ${text.trim().split('\n')[0].slice(0, 80)}`);
            return r;
          },
        }, folder),
      ),
    );
    if (verdict.findings.length) throw new Error(`bench schema of ${n} tables gave findings: ${JSON.stringify(verdict.findings.slice(0, 3))}`);
    const [, seedMs] = await time(async () => {
      const s = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const cols = await s`select table_name, column_name from information_schema.columns where table_schema = 'public'`;
      await s.end();
      return cols.length;
    });
    rows.push(`| ${n} | ${verdict.columns} | ${verifyMs.toFixed(0)} ms | ${queries} | ${seedMs.toFixed(0)} ms |`);
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  }
}
await admin.end();
console.log('| tables | columns | driftgate verify (connect + all checks) | queries | seed: information_schema.columns only |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r);
