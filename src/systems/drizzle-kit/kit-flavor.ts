import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Which drizzle-kit a project has: 1.0 exports `drizzle-kit/api-postgres` (and no `drizzle-kit/api`), 0.x exports
 * `drizzle-kit/api`. Decided in the parent with a module resolution (~1 ms), so a 1.0 project never forks the 0.x
 * worker only to hear that `drizzle-kit/api` is missing. */
export interface InstalledKit {
  flavor: '1.0' | '0.x' | 'none';
  version?: string;
}

const cache = new Map<string, InstalledKit>();

function versionNear(entry: string): string | undefined {
  try {
    // The exports map hides package.json: read it next to the resolved entry.
    return JSON.parse(readFileSync(join(dirname(entry), 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

export function installedKit(projectRoot: string): InstalledKit {
  let found = cache.get(projectRoot);
  if (found) return found;
  const projectRequire = createRequire(join(projectRoot, 'package.json'));
  const resolve = (specifier: string) => {
    try {
      return projectRequire.resolve(specifier);
    } catch {
      return undefined;
    }
  };
  const v1 = resolve('drizzle-kit/api-postgres');
  const v0 = v1 ? undefined : resolve('drizzle-kit/api');
  found = v1 ? { flavor: '1.0', version: versionNear(v1) } : v0 ? { flavor: '0.x', version: versionNear(v0) } : { flavor: 'none' };
  cache.set(projectRoot, found);
  return found;
}
