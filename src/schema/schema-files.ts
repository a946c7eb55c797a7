import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, out);
    else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path);
  }
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/' || glob[i + 1] === sep) i++;
    } else if (c === '*') re += '[^/\\\\]*';
    else if (c === '?') re += '[^/\\\\]';
    else re += /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}

/** The schema files a drizzle config's `schema` names: files, directories (every source file below), or globs
 * (`*`, `**`, `?`) as drizzle-kit accepts them. Absolute paths in, absolute paths out, sorted. */
export function resolveSchemaFiles(patterns: string[]): string[] {
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (!/[*?]/.test(pattern)) {
      try {
        if (statSync(pattern).isDirectory()) {
          const found: string[] = [];
          walk(pattern, found);
          found.forEach((f) => files.add(f));
        } else files.add(pattern);
      } catch {
        // a missing file: reported by the caller as "no schema files"
      }
      continue;
    }
    const firstGlob = pattern.search(/[*?]/);
    const base = pattern.slice(0, pattern.lastIndexOf(sep, firstGlob) + 1) || '.';
    const found: string[] = [];
    walk(base, found);
    const re = globToRegExp(pattern);
    found.filter((f) => re.test(f)).forEach((f) => files.add(f));
  }
  return [...files].sort();
}
