import { existsSync } from 'node:fs';
import { resolveTargets, type Target } from '../config/targets.js';
import { debug } from '../debug.js';
import { discoverTargets, systemOf } from './index.js';
import type { DeclaredSchema } from './migration-system.js';
import { openFolder } from './open-folder.js';

/** The schema another tool's folder in the same project directory declares (a drizzle config's snapshots, …), for
 * a system whose migrations should build the same database. Asked through MigrationSystem.declaredSchema only: the
 * first target beside `self` whose system declares one. A folder that cannot be read declares nothing (its own
 * checks report why). */
export async function declaredSchemaBeside(self: Target): Promise<DeclaredSchema | undefined> {
  let targets: Target[];
  try {
    targets = await resolveTargets({ cwd: self.root, others: await discoverTargets(self.root) });
  } catch (error) {
    debug(`both sources: no other target beside ${self.label}: ${(error as Error).message}`);
    return undefined;
  }
  for (const target of targets) {
    if (target.outDir === self.outDir) continue;
    try {
      // a schema without migrations of its own (Prisma's client beside Supabase SQL) still declares one
      const folder = await openFolder(existsSync(target.outDir) ? target : { ...target, missingIsEmpty: true });
      const declared = await systemOf(folder).declaredSchema?.(folder, target);
      if (declared) return declared;
    } catch (error) {
      debug(`both sources: ${target.label} not read: ${(error as Error).message}`);
    }
  }
  return undefined;
}
