// Competitor: apply a migrations folder to a fresh database on the real server with drizzle-orm's own migrator
// (drizzle-orm/postgres-js/migrator), then drop the database. Usage: node drizzle-migrate.mjs SERVER_URL FOLDER
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

const [server, folder] = process.argv.slice(2);
const name = `dgbench_migrate_${process.pid}`;
const admin = postgres(server, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${name}"`);
const url = new URL(server);
url.pathname = `/${name}`;
const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
try {
  await migrate(drizzle(client), { migrationsFolder: folder });
} finally {
  await client.end();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
