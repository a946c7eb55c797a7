import { relative } from 'node:path';
import { DEFAULT_SETTINGS } from '../../folder/migration-folder.js';
import type { Target } from '../../config/targets.js';
import { discoverPrisma } from './discover.js';
import { PRISMA_TABLE } from './load-folder.js';

/** The Prisma project of a directory as a target: its migrations folder, with schema.prisma as the schema source. */
export function prismaTargets(cwd: string): Target[] {
  const layout = discoverPrisma(cwd);
  if (!layout) return [];
  return [{
    system: 'prisma',
    label: relative(cwd, layout.migrationsDir).split('\\').join('/') || '.',
    outDir: layout.migrationsDir,
    root: cwd,
    configFile: layout.configFile,
    dialect: 'postgresql',
    schema: layout.schemaFiles,
    settings: { ...DEFAULT_SETTINGS, table: PRISMA_TABLE, schema: 'public' },
  }];
}
