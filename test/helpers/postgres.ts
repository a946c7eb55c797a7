import postgres from 'postgres';

/** The real server tests use. CI sets nothing: the machine's server at 127.0.0.1:5432. */
export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(database: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a fresh database for one test file; `drop()` removes it. Fails loudly when the server is not reachable. */
export async function createTestDatabase(prefix = 'dg'): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`.toLowerCase();
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } catch (error) {
    await admin.end();
    throw new Error(`cannot create a test database on ${SERVER_URL} (is PostgreSQL running?): ${(error as Error).message}`);
  }
  await admin.end();
  return {
    name,
    url: urlFor(name),
    async drop() {
      const sql = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
      await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await sql.end();
    },
  };
}

/** Applies a 0.x migrations folder with drizzle-orm's REAL migrator (postgres-js driver). */
export async function migrateWithDrizzle(url: string, folder: string): Promise<void> {
  const [{ drizzle }, { migrate }] = await Promise.all([import('drizzle-orm/postgres-js'), import('drizzle-orm/postgres-js/migrator')]);
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder: folder });
  } finally {
    await client.end();
  }
}

/** Runs SQL on a test database (mutations behind driftgate's back). */
export async function execSql(url: string, text: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(text);
  } finally {
    await client.end();
  }
}
