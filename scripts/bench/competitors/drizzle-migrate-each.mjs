// Bench setup (untimed): applies a folder to an existing database with drizzle-orm's migrator, one journal entry per
// migrate() call (each its own transaction), by pointing the migrator at growing prefixes of the journal.
// Usage: node drizzle-migrate-each.mjs DATABASE_URL FOLDER
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

const [url, folder] = process.argv.slice(2);
const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'dgbench-migrate-'));
const client = postgres(url, { max: 1, onnotice: () => {} });
try {
  mkdirSync(join(tmp, 'meta'));
  for (let i = 0; i < journal.entries.length; i++) {
    const e = journal.entries[i];
    linkSync(join(folder, `${e.tag}.sql`), join(tmp, `${e.tag}.sql`));
    writeFileSync(join(tmp, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, i + 1) }));
    await migrate(drizzle(client), { migrationsFolder: tmp });
  }
} finally {
  await client.end();
  rmSync(tmp, { recursive: true, force: true });
}
