import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaseProject } from './base-project.js';

/** Small, named edits of a generated migrations folder — each one a real-world way history goes wrong. */
export const journalPath = (p: BaseProject) => join(p.out, 'meta/_journal.json');
export const snapshotPath = (p: BaseProject, tag: string) => join(p.out, 'meta', `${tag.split('_')[0]}_snapshot.json`);
export const sqlPath = (p: BaseProject, tag: string) => join(p.out, `${tag}.sql`);

export function editJournal(p: BaseProject, edit: (journal: any) => void): void {
  const journal = JSON.parse(readFileSync(journalPath(p), 'utf8'));
  edit(journal);
  writeFileSync(journalPath(p), JSON.stringify(journal, null, 2));
}

export function editSnapshot(p: BaseProject, tag: string, edit: (snapshot: any) => void): void {
  const snapshot = JSON.parse(readFileSync(snapshotPath(p, tag), 'utf8'));
  edit(snapshot);
  writeFileSync(snapshotPath(p, tag), JSON.stringify(snapshot, null, 2));
}

export { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync };
