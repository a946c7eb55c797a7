import { relative } from 'node:path';
import type { Target } from '../../config/targets.js';
import { introspect } from '../../db/introspect.js';
import { startEmbedded } from '../../embedded/start-embedded.js';
import { pgliteSqlClient } from '../../embedded/pglite-sql-client.js';
import type { DeclaredSchema } from '../migration-system.js';
import { overEmbedded } from './engine/engine-pglite.js';
import { withEmbeddedSchemaEngine } from './engine/embedded-engine.js';
import { NO_FILTER, readSchemaFiles } from './engine/engine-session.js';

const CREATE_SCHEMA = /CREATE SCHEMA IF NOT EXISTS "([^"]+)"/g;

/** The database schema.prisma describes, as Prisma's own schema engine writes it: its `migrate diff --from-empty
 * --to-schema` script run on a scratch embedded Postgres and read back like any database, so both sides of a
 * comparison come from one introspection. */
export async function prismaDeclaredSchema(target: Target): Promise<DeclaredSchema | undefined> {
  if (target.schema.length === 0) return undefined;
  const schema = await readSchemaFiles(target.root, target.schema);
  const db = await startEmbedded();
  try {
    const script = await withEmbeddedSchemaEngine({ projectDir: target.root, schema, db: overEmbedded(db.pg) }, async (engine) => {
      const result = await engine.diff({ from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files: schema }, script: true, exitCode: false, filters: NO_FILTER });
      return result.stdout ?? '';
    });
    await db.pg.exec(script);
    const schemas = new Set(['public', ...[...script.matchAll(CREATE_SCHEMA)].map((m) => m[1])]);
    const expected = await introspect(pgliteSqlClient(db.pg), schemas);
    const file = relative(target.root, target.schema[0]).split('\\').join('/') || target.schema[0];
    return { label: `the Prisma schema ${file}`, short: `Prisma schema (${file})`, expected, changeIt: `change ${file} and run prisma migrate dev` };
  } finally {
    await db.close();
  }
}
