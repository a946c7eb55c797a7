import type { MigrationFolder } from './migration-folder.js';
import { stripBom } from './snapshot-header.js';

/** The text of a file in the folder, or null when it is missing or unreadable. */
export async function readText(folder: MigrationFolder, path: string): Promise<string | null> {
  const result = await folder.source.read(path);
  return result.ok ? result.data.toString('utf8') : null;
}

/** A fully parsed snapshot, or null when it is missing or not JSON. */
export async function readSnapshotJson(folder: MigrationFolder, path: string): Promise<Record<string, unknown> | null> {
  const text = await readText(folder, path);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(stripBom(text));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
