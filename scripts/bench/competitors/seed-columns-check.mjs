// Competitor: the seed's database check — ONE information_schema.columns query, compared with the tables and
// columns of the newest snapshot (nothing else: no types, indexes, FKs, migrations table).
// Usage: node seed-columns-check.mjs DATABASE_URL FOLDER   (exit 1 when a table or column is missing)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';

const [url, folder] = process.argv.slice(2);
const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'));
const prefix = journal.entries.at(-1).tag.split('_')[0];
const snapshot = JSON.parse(readFileSync(join(folder, 'meta', `${prefix}_snapshot.json`), 'utf8'));
const sql = postgres(url, { max: 1, onnotice: () => {} });
const rows = await sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`;
await sql.end();
const live = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
const missing = Object.values(snapshot.tables).flatMap((t) => Object.keys(t.columns).map((c) => `${t.name}.${c}`)).filter((k) => !live.has(k));
if (missing.length) console.log(`missing: ${missing.slice(0, 5).join(', ')}`);
else console.log(`ok: ${live.size} columns`);
process.exitCode = missing.length ? 1 : 0;
