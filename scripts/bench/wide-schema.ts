import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kitApi } from './generate/drizzle-kit-api.js';
import { evolve } from './generate/evolve.js';
import { ORIGIN_ID } from './generate/generate-history.js';
import { createRng } from './generate/rng.js';
import { EMPTY_SCHEMA, type SchemaModel } from './generate/schema-model.js';
import { createDrizzleBuilder } from './generate/to-drizzle.js';
import { schemaSource } from './generate/to-source.js';
import { createFolderWriter, statementsToSql } from './generate/write-folder.js';
import { CACHE, REPO } from './folders.js';

/** Tables per migration: drizzle applies all pending migrations in one transaction, and thousands of CREATEs in one
 * transaction exceed Postgres' default max_locks_per_transaction — real projects grow in steps too. */
export const TABLES_PER_MIGRATION = 250;

export interface WideProject {
  dir: string;
  folder: string;
  tables: number;
  migrations: number;
}

/**
 * A drizzle project whose schema has `tables` tables (same generator as the histories: typed columns, FKs, indexes),
 * created in migrations of 250 tables each by drizzle-kit's API. For DB verify, where size means tables.
 */
export async function wideProject(tables: number, log: (line: string) => void): Promise<WideProject> {
  const key = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).update(readFileSync(fileURLToPath(new URL('./generate/evolve.ts', import.meta.url)))).digest('hex').slice(0, 10);
  const dir = join(CACHE, `wide-${key}`, `t${tables}`);
  const folder = join(dir, 'drizzle');
  const ready = join(dir, '.ready');
  if (existsSync(ready)) return JSON.parse(readFileSync(ready, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  log(`generating a ${tables}-table schema with drizzle-kit's API …`);
  const api = kitApi();
  const rng = createRng(tables);
  const exportsOf = createDrizzleBuilder();
  let schema: SchemaModel = EMPTY_SCHEMA;
  while (schema.tables.length < tables) schema = evolve(schema, rng, schema.tables.length ? 1 : 0, tables, 'createTables').schema;
  const writer = createFolderWriter(folder);
  let prev: Record<string, unknown> & { id: string } = { version: '7', dialect: 'postgresql', id: ORIGIN_ID, prevId: '', tables: {}, enums: {}, schemas: {}, policies: {}, roles: {}, sequences: {}, _meta: { schemas: {}, tables: {}, columns: {} } };
  let when = Date.UTC(2023, 0, 1);
  for (let n = TABLES_PER_MIGRATION; ; n += TABLES_PER_MIGRATION) {
    const part: SchemaModel = { ...schema, tables: schema.tables.slice(0, Math.min(n, tables)) };
    const { id: _id, prevId: _prev, ...rest } = api.generateDrizzleJson(exportsOf(part), prev.id);
    const snapshot = { id: rng.uuid(), prevId: prev.id, ...rest };
    const sql = statementsToSql(await api.generateMigration(prev, snapshot));
    writer.add({ name: `tables_to_${part.tables.length}`, when: (when += 3_600_000), snapshot, sql });
    prev = snapshot;
    if (n >= tables) break;
  }
  writer.finish();
  writeFileSync(join(dir, 'schema.ts'), schemaSource(schema));
  writeFileSync(join(dir, 'drizzle.config.ts'), "export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n");
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const project: WideProject = { dir, folder, tables, migrations: writer.journal.entries.length };
  writeFileSync(ready, JSON.stringify(project));
  return project;
}
