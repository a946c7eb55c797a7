import type { ChalkInstance } from 'chalk';
import type { MigrationState } from '../db/migration-states.js';

interface EnvironmentColumn {
  name?: string;
  database: string;
  folder: string;
  applied: number;
  total: number;
  migrationsTable: boolean;
  migrations: Record<string, MigrationState>;
}

const CELL: Record<MigrationState, string> = { failed: '✖ failed', skipped: '✖ skipped', edited: '✖ edited', pending: '· pending' };

/** Side by side, per migrations folder checked against two or more databases: which migrations each environment
 * lacks, has failed, skipped or applied from another file. Rows: every migration some environment is not at. */
export function environmentTables(databases: EnvironmentColumn[], c: ChalkInstance): string[] {
  const byFolder = new Map<string, EnvironmentColumn[]>();
  for (const db of databases) byFolder.set(db.folder, [...(byFolder.get(db.folder) ?? []), db]);
  const lines: string[] = [];
  for (const [folder, columns] of byFolder) {
    if (columns.length < 2) continue;
    const tags = [...new Set(columns.flatMap((col) => Object.keys(col.migrations)))].sort((a, b) => a.localeCompare(b));
    const heads = columns.map((col) => col.name ?? col.database);
    const cells = (tag: string) => columns.map((col) => (col.migrations[tag] ? CELL[col.migrations[tag]] : col.migrationsTable ? '✓' : '—'));
    const footer = columns.map((col) => (col.migrationsTable ? `${col.applied}/${col.total} applied` : 'never migrated'));
    const first = Math.max(9, ...tags.map((t) => t.length));
    const widths = heads.map((h, i) => Math.max(h.length, footer[i].length, ...tags.map((t) => cells(t)[i].length)));
    const row = (label: string, values: string[], paint = (s: string) => s) => `  ${label.padEnd(first)}  ${values.map((v, i) => paint(v.padEnd(widths[i]))).join('  ')}`.trimEnd();
    const colour = (v: string) => (v.startsWith('✖') ? c.red(v) : v.startsWith('·') ? c.yellow(v) : v);
    lines.push(c.bold(`${folder}: environments`));
    lines.push(c.dim(row('migration', heads)));
    for (const tag of tags) lines.push(`  ${tag.padEnd(first)}  ${cells(tag).map((v, i) => colour(v.padEnd(widths[i]))).join('  ')}`.trimEnd());
    lines.push(c.dim(row('', footer)));
    lines.push('');
  }
  return lines;
}
