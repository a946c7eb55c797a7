import type { CatalogModel } from '../db/catalog-model.js';
import { compareSchema } from '../db/compare-schema.js';
import type { DbFinding } from '../db/db-finding.js';
import { introspect } from '../db/introspect.js';
import type { SqlClient } from '../db/sql-client.js';
import { debug } from '../debug.js';
import type { Migration, MigrationFolder } from '../folder/migration-folder.js';
import type { ApplyResult } from './apply-migrations.js';
import { focusedClient } from './focus.js';
import type { MigrationMeta } from './migration-meta.js';
import type { ReplayOutcome } from './replay-outcome.js';
import { divergesFinding, failedFinding } from './replay-messages.js';

/** What the database should look like after one migration, as far as a step compares it. */
export interface ExpectedStep {
  /** Tables (`schema.name`) the step looks at: those the migration changed or names. */
  focus: Set<string>;
  /** The expected schema, built for the focus tables (enums, sequences, views whole); may throw: not comparable. */
  expected(): CatalogModel;
}

export interface ReplayLoop {
  folder: MigrationFolder;
  /** The migrations as the migrator gets them, in apply order. */
  metas: MigrationMeta[];
  /** The folder's migration applied as `metas[index]`. */
  migrationAt(index: number): Migration | undefined;
  /** What to compare after `migrationAt(index)`; null: nothing (no snapshot, or comparison off). */
  expectedAt(index: number, migration: Migration): Promise<ExpectedStep | null>;
  /** How the messages name the expected state: "its snapshot". */
  expectedLabel: string;
  /** Runs the system's migrator, calling back after each migration inside its transaction. */
  apply(afterMigration: (index: number, client: SqlClient) => Promise<void>): Promise<ApplyResult>;
}

/** Schemas to introspect for an expected model: the ones it names plus those its objects live in. */
export function schemasOf(model: CatalogModel): Set<string> {
  const out = new Set<string>(['public', ...model.schemas]);
  for (const m of [model.tables, model.enums, model.sequences, model.views]) for (const o of m.values()) out.add(o.schema);
  return out;
}

/** Applies every migration with the system's migrator and, after each, compares the catalog of its focus tables
 * with the state the folder expects there (one introspection query per step). Reports the first migration whose
 * SQL does not produce that state (replay/diverges) and a statement that fails (replay/failed). */
export async function replayLoop(loop: ReplayLoop): Promise<ReplayOutcome> {
  const t0 = performance.now();
  const { folder, metas } = loop;
  const findings: DbFinding[] = [];
  let diverged = false;
  let compared = 0;
  const afterMigration = async (index: number, client: SqlClient) => {
    const migration = loop.migrationAt(index);
    const step = diverged || !migration ? null : await loop.expectedAt(index, migration);
    if (!migration || !step) return;
    let expected: CatalogModel;
    try {
      expected = step.expected();
    } catch (error) {
      debug(`embedded: ${loop.expectedLabel} of ${migration.tag} not comparable: ${(error as Error).message}`);
      return;
    }
    const actual = await introspect(focusedClient(client, step.focus), schemasOf(expected));
    compared++;
    const diffs = compareSchema(expected, actual, { expectedLabel: loop.expectedLabel, tag: migration.tag });
    if (diffs.length) {
      diverged = true;
      findings.push(divergesFinding(folder, migration, diffs, metas.length - index - 1));
    }
  };
  const result = await loop.apply(afterMigration);
  const failed = result.failure && loop.migrationAt(result.failure.migration);
  if (result.failure && failed) findings.push(failedFinding(folder, failed, metas[result.failure.migration], result.failure, metas.length - result.failure.migration - 1));
  const ms = Math.round(performance.now() - t0);
  debug(`embedded: replayed ${result.applied.length}/${metas.length} migrations of ${folder.label}, compared ${compared} steps in ${ms}ms`);
  return { findings, total: metas.length, applied: result.applied.length, compared, via: result.via, ms };
}
