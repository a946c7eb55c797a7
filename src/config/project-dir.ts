import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DRIFTGATE_CONFIG_FILES } from './driftgate-config.js';
import { DRIZZLE_CONFIG_FILES } from './targets.js';
import { SYSTEM_PROJECT_MARKERS } from '../systems/index.js';

const PROJECT_FILES = [...DRIZZLE_CONFIG_FILES, ...DRIFTGATE_CONFIG_FILES, ...SYSTEM_PROJECT_MARKERS];

/** The directory to run in when started in a sub-folder: the nearest one (the start included) with a drizzle, Prisma or
 * driftgate config (or another system's marker, e.g. prisma/schema.prisma), searching upward as git does and stopping at the repository root. None found: the start. */
export function findProjectDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (PROJECT_FILES.some((name) => existsSync(join(dir, name)))) return dir;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return start;
  }
}
