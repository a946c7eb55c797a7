import { rmSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { ensureTemplate } from '../../../embedded/data-dir-cache.js';
import { makeDataDir } from '../../../embedded/host/temp-dirs.js';
import { copyTree } from '../../../embedded/start-embedded.js';

/** An embedded Postgres for Prisma's engine, in this thread: the engine's driver adapter needs PGlite's full query
 * interface (field type ids, raw text values), which the replay's worker-thread host does not pass through. Started
 * from the replay's cached template data directory. */
export interface EnginePg {
  pg: PGlite;
  close(): Promise<void>;
}

export async function startEnginePg(): Promise<EnginePg> {
  const [template, { PGlite }] = await Promise.all([ensureTemplate(), import('@electric-sql/pglite')]);
  const dir = makeDataDir();
  copyTree(template.dir, dir);
  const pg = await PGlite.create(dir, { relaxedDurability: true });
  let closing: Promise<void> | undefined;
  return {
    pg,
    close: () =>
      (closing ??= pg.close().catch(() => undefined).finally(() => rmSync(dir, { recursive: true, force: true }))),
  };
}
