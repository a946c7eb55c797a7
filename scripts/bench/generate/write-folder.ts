import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEntry } from '../../../src/folder/journal.js';

export type { JournalEntry };

/** What drizzle-kit's writeResult puts into a snapshot's `_meta` when no renames were resolved. */
const EMPTY_META = { columns: {}, schemas: {}, tables: {} };
const BREAKPOINT = '--> statement-breakpoint\n';


export interface Journal {
  version: string;
  dialect: 'postgresql';
  entries: JournalEntry[];
}

/**
 * Writes migrations the way `drizzle-kit generate` (0.31, prefix "index", breakpoints on) does: the snapshot as
 * `JSON.stringify(snapshot, null, 2)` with `_meta` reset, the SQL joined by statement breakpoints, and the journal.
 */
export function createFolderWriter(out: string) {
  mkdirSync(join(out, 'meta'), { recursive: true });
  const journal: Journal = { version: '7', dialect: 'postgresql', entries: [] };
  return {
    journal,
    add(entry: { name: string; when: number; snapshot: Record<string, unknown> & { version?: unknown }; sql: string }): string {
      const idx = journal.entries.length;
      const prefix = String(idx).padStart(4, '0');
      const tag = `${prefix}_${entry.name}`;
      // drizzle-kit deep-copies and then replaces _meta in place (key position kept); stringify skips undefined either way
      const toSave = { ...entry.snapshot, _meta: EMPTY_META };
      writeFileSync(join(out, 'meta', `${prefix}_snapshot.json`), JSON.stringify(toSave, null, 2));
      journal.entries.push({ idx, version: String(toSave.version), when: entry.when, tag, breakpoints: true });
      writeFileSync(join(out, `${tag}.sql`), entry.sql);
      return tag;
    },
    /** drizzle-kit rewrites the journal after every migration; writing it once at the end gives the same bytes. */
    finish(): void {
      writeFileSync(join(out, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
    },
  };
}

export function statementsToSql(statements: string[]): string {
  return statements.join(BREAKPOINT);
}
