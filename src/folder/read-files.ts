import type { MigrationFolder } from './migration-folder.js';
import { stripBom } from './snapshot-header.js';

/** The text of a file in the folder, or null when it is missing or unreadable. */
export async function readText(folder: MigrationFolder, path: string): Promise<string | null> {
  const result = await folder.source.read(path);
  return result.ok ? result.data.toString('utf8') : null;
}

/** The last snapshot parsed per folder: verify's static rules (identifier/too-long) and its database checks both
 * want the newest snapshot, megabytes of JSON on a big schema. One slot per folder keeps memory flat when a caller
 * walks many snapshots. Callers only read the parsed object. */
const lastParsed = new WeakMap<MigrationFolder, { path: string; parsed: Promise<Record<string, unknown> | null> }>();

/** A fully parsed snapshot, or null when it is missing or not JSON. */
export function readSnapshotJson(folder: MigrationFolder, path: string): Promise<Record<string, unknown> | null> {
  const last = lastParsed.get(folder);
  if (last?.path === path) return last.parsed;
  const parsed = parseSnapshot(folder, path);
  lastParsed.set(folder, { path, parsed });
  return parsed;
}

async function parseSnapshot(folder: MigrationFolder, path: string): Promise<Record<string, unknown> | null> {
  const text = await readText(folder, path);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(stripBom(text));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
