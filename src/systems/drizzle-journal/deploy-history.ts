import type { EmbeddedPg } from '../../embedded/host/worker-host.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import { applyMigrations } from '../../embedded/apply-migrations.js';
import { readMigrationMetas, type MigrationMeta } from '../../embedded/migration-meta.js';
import type { ProjectDrizzle } from './project-drizzle.js';

export interface DeployHistoryOutcome {
  /** Per deploy: the tag deployed and whether drizzle's migrator actually applied it. */
  deploys: { tag: string; applied: boolean }[];
  via: string;
}

/** Builds a "production-like" database: the folder deployed one migration at a time, in journal order, each
 * deploy a separate run of drizzle's migrator (as a long-lived database gets them). Unlike a clean replay — where
 * the migrator applies everything in one run — this exercises its watermark rule: an entry whose `when` is not
 * later than the newest applied `created_at` is skipped, silently, exactly as in production. */
export async function deployHistory(folder: MigrationFolder, pg: EmbeddedPg, opts: { drizzle: ProjectDrizzle | null; outDir?: string }): Promise<DeployHistoryOutcome> {
  const metas: MigrationMeta[] = opts.drizzle && opts.outDir ? opts.drizzle.readMigrationFiles({ migrationsFolder: opts.outDir }) : await readMigrationMetas(folder);
  const deploys: DeployHistoryOutcome['deploys'] = [];
  let via = '';
  for (let k = 0; k < metas.length; k++) {
    const result = await applyMigrations(pg, metas.slice(0, k + 1), opts.outDir ?? folder.label, { settings: folder.settings, drizzle: opts.drizzle });
    via = result.via;
    const tag = folder.migrations[k]?.tag ?? String(k);
    if (result.failure) throw new Error(`${tag} failed while building the deploy history: ${result.failure.error.message}`);
    deploys.push({ tag, applied: result.applied.includes(k) });
  }
  return { deploys, via };
}
