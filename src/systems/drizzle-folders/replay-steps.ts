import type { CatalogModel } from '../../db/catalog-model.js';
import { expectedFromV1State } from './expected-from-state.js';
import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';
import { entityKey, type DdlRow } from './ddl.js';
import { v1State } from './state.js';
import { focusTables } from '../../embedded/focus.js';
import { restrictModel } from '../../db/catalog-scope.js';

/** What one replay step of a 1.0 folder is compared with. */
export interface V1Step {
  /** Tables (`schema.name`) the step looks at: those whose reconstructed rows changed, and those its SQL names. */
  focus: Set<string>;
  /** The reconstructed state of the migration, built for the focus tables (enums, sequences, views whole). */
  expected(): CatalogModel;
}

/** The table (`schema.name`) a row belongs to; undefined for schema-level entities (enums, sequences, views, …). */
function tableOf(row: DdlRow): string | undefined {
  const schema = typeof row.schema === 'string' && row.schema ? row.schema : 'public';
  if (row.entityType === 'tables') return `${schema}.${String(row.name)}`;
  return typeof row.table === 'string' ? `${schema}.${row.table}` : undefined;
}

/** The per-step expectations of a 1.0 folder, keyed by migration tag, from ONE pass of v1State over its snapshots
 * (the state after migration k exists only by replaying the deltas of every migration up to k). Each step keeps
 * only the rows of its focus tables, so memory stays proportional to what migrations touch. A migration whose
 * snapshot is missing or unreadable has no step (its changes are looked at with the next one). Change detection
 * is by object: v1State replaces a row it changes, so only replaced rows are compared (by key and JSON) — a
 * format-8 folder, whose every snapshot is a full `ddl`, gets the same precise focus. */
export async function v1Steps(folder: MigrationFolder, sqlOf: (migration: Migration) => string): Promise<Map<string, V1Step>> {
  const steps = new Map<string, V1Step>();
  let previous = new Set<DdlRow>();
  /** Table → a version number bumped when its rows change (focusTables compares these). */
  let versions = new Map<string, string>();
  await v1State(folder, {
    onStep(migration, state) {
      const rows = state.list();
      const current = new Set(rows);
      const gone = new Map<string, DdlRow>();
      for (const row of previous) if (!current.has(row)) gone.set(entityKey(row), row);
      const changed = new Set<string>();
      const mark = (row: DdlRow) => {
        const table = tableOf(row);
        if (table) changed.add(table);
      };
      for (const row of rows) {
        if (previous.has(row)) continue;
        const key = entityKey(row);
        const old = gone.get(key);
        gone.delete(key);
        if (old && JSON.stringify(old) === JSON.stringify(row)) continue;
        mark(row);
        if (old) mark(old);
      }
      for (const row of gone.values()) mark(row);
      const next = new Map<string, string>();
      for (const row of rows) {
        const table = row.entityType === 'tables' ? tableOf(row) : undefined;
        if (table) next.set(table, changed.has(table) ? String(Number(versions.get(table) ?? 0) + 1) : (versions.get(table) ?? '0'));
      }
      const focus = focusTables(versions, next, sqlOf(migration));
      for (const table of changed) focus.add(table);
      const kept = rows.filter((row) => {
        const table = tableOf(row);
        return table === undefined || focus.has(table);
      });
      steps.set(migration.tag, { focus, expected: () => restrictModel(expectedFromV1State(kept), focus) });
      previous = current;
      versions = next;
    },
  });
  return steps;
}
