import { rmSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { ensureTemplate } from '../../../embedded/data-dir-cache.js';
import { makeDataDir } from '../../../embedded/host/temp-dirs.js';
import { copyTree } from '../../../embedded/start-embedded.js';
import { extensionBundles, installStub } from '../../../embedded/host/pglite-extensions.js';

/** An embedded Postgres for Prisma's engine, in this thread: the engine's driver adapter needs PGlite's full query
 * interface (field type ids, raw text values), which the replay's worker-thread host does not pass through. Started
 * from the replay's cached template data directory, with the extensions the migrations create (stubs where PGlite
 * has none, as the replay does). */
export interface EnginePg {
  pg: PGlite;
  close(): Promise<void>;
}

export async function startEnginePg(extensionNames: string[] = []): Promise<EnginePg> {
  const [template, { PGlite }, { extensions, unavailable }] = await Promise.all([ensureTemplate(), import('@electric-sql/pglite'), extensionBundles(extensionNames)]);
  const dir = makeDataDir();
  copyTree(template.dir, dir);
  const pg = await PGlite.create(dir, { relaxedDurability: true, extensions });
  for (const name of unavailable) await installStub(pg, name);
  let closing: Promise<void> | undefined;
  return {
    pg,
    close: () =>
      (closing ??= pg.close().catch(() => undefined).finally(() => rmSync(dir, { recursive: true, force: true }))),
  };
}
