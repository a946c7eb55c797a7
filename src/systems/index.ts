import type { Target } from '../config/targets.js';
import { DriftgateError } from '../errors.js';
import type { FileSource } from '../folder/file-source.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { CheckContext } from '../rules/check-context.js';
import { staticRules } from '../rules/index.js';
import type { Rule } from '../types.js';
import { drizzleFolders } from './drizzle-folders/index.js';
import { drizzleJournal } from './drizzle-journal/index.js';
import type { MigrationSystem } from './migration-system.js';
import { prisma } from './prisma/index.js';
import { supabase } from './supabase/index.js';

/** Every migration system, in detection order: the first whose `detect` says yes reads the folder. More specific
 * systems come first (a Prisma folder also has `<dir>/migration.sql`, as drizzle-kit 1.0's does; a Supabase folder
 * is flat `<digits>_<name>.sql` files without drizzle's meta/); drizzle-kit 0.x is last and the fallback, so an empty or broken folder reports its missing journal. */
export const SYSTEMS: readonly MigrationSystem[] = [prisma, drizzleFolders, supabase, drizzleJournal];

const FALLBACK = drizzleJournal;

/** The system with this id (a folder's `system`, a target's `system`). */
export function systemById(id: string): MigrationSystem {
  const found = SYSTEMS.find((s) => s.id === id);
  if (!found) throw new DriftgateError(`unknown migration system ${JSON.stringify(id)}`, `Known: ${SYSTEMS.map((s) => s.id).join(', ')}.`);
  return found;
}

/** The system that wrote a folder read by `openFolder`. */
export const systemOf = (folder: MigrationFolder): MigrationSystem => systemById(folder.system);

/** Which system a target's folder is: the one its config names, else the first of the systems it may be (all, or
 * the config's candidates) that recognises the folder, else the last candidate. */
export async function detectSystem(target: Target, source: FileSource): Promise<MigrationSystem> {
  if (target.system) return systemById(target.system);
  const candidates = target.candidates ? SYSTEMS.filter((s) => target.candidates!.includes(s.id)) : SYSTEMS;
  for (const system of candidates) if (await system.detect(source)) return system;
  return target.candidates?.length ? systemById(target.candidates.at(-1)!) : FALLBACK;
}

/** Every static rule once (two systems may each implement one id), for `driftgate rules`, the docs and the stats. */
export function staticRuleCatalog(): Rule<CheckContext>[] {
  const byId = new Map<string, Rule<CheckContext>>();
  // The oldest system first, so the listing keeps its order as systems are added.
  for (const rule of [...[...SYSTEMS].reverse().flatMap((s) => s.rules), ...staticRules]) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()];
}

/** The targets every system finds by itself in a project directory (see `MigrationSystem.findTargets`). */
export async function discoverTargets(cwd: string): Promise<Target[]> {
  return (await Promise.all(SYSTEMS.map((s) => s.findTargets?.(cwd) ?? []))).flat();
}

/** Paths that mark a project directory of some system (see `MigrationSystem.projectMarkers`). */
export const SYSTEM_PROJECT_MARKERS: string[] = SYSTEMS.flatMap((s) => s.projectMarkers ?? []);
