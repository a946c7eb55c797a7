import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { debug } from '../debug.js';

/** The project's own drizzle-orm, as it resolves from the project: its version and the two entry points the
 * replay needs (`drizzle-orm/migrator`, `drizzle-orm/pg-core`), imported once per project root. */
export interface ProjectDrizzleOrm {
  version: string;
  dir: string;
  migrator: Record<string, any>;
  pgCore: Record<string, any>;
}

const cache = new Map<string, Promise<ProjectDrizzleOrm | null>>();

/** drizzle-orm as the project at `root` resolves it, or null when it does not. */
export function projectDrizzleOrm(root: string): Promise<ProjectDrizzleOrm | null> {
  let found = cache.get(root);
  if (!found) {
    found = load(root);
    cache.set(root, found);
  }
  return found;
}

async function load(root: string): Promise<ProjectDrizzleOrm | null> {
  try {
    const require = createRequire(join(root, 'package.json'));
    const migratorPath = require.resolve('drizzle-orm/migrator');
    const pgCorePath = require.resolve('drizzle-orm/pg-core');
    let dir = dirname(migratorPath);
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    const version = String(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version ?? '?');
    const [migrator, pgCore] = await Promise.all([import(pathToFileURL(migratorPath).href), import(pathToFileURL(pgCorePath).href)]);
    return { version, dir, migrator: migrator.default && !migrator.readMigrationFiles ? migrator.default : migrator, pgCore: pgCore.default && !pgCore.PgDialect ? pgCore.default : pgCore };
  } catch (error) {
    debug(`embedded: project drizzle-orm not loadable from ${root}: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}
