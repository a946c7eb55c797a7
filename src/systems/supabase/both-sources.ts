import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DRIZZLE_CONFIG_FILES, loadDrizzleConfig } from '../../config/targets.js';
import { compareSchema } from '../../db/compare-schema.js';
import type { DbFinding } from '../../db/db-finding.js';
import { expectedFromSnapshot } from '../drizzle-journal/expected-from-snapshot.js';
import { introspect } from '../../db/introspect.js';
import type { SqlClient } from '../../db/sql-client.js';
import { createCheckContext } from '../../rules/check-context.js';
import { fsSource } from '../../folder/fs-source.js';
import { drizzleJournal } from '../drizzle-journal/index.js';

/** What the project's Drizzle side declares: the newest snapshot of the drizzle.config beside `supabase/`. */
export interface DrizzleSide {
  label: string;
  expected: ReturnType<typeof expectedFromSnapshot>;
}

/** The Drizzle schema the project keeps next to its Supabase migrations (a drizzle.config.* in the same directory,
 * with a snapshot), or undefined. */
export async function drizzleSide(root: string): Promise<DrizzleSide | undefined> {
  const config = DRIZZLE_CONFIG_FILES.find((name) => existsSync(resolve(root, name)));
  if (!config) return undefined;
  const target = await loadDrizzleConfig(config, root);
  if (!existsSync(target.outDir)) return undefined;
  // Only the latest 0.x snapshot is read (a whole schema); the registry is not asked, so no import runs back to it.
  const folder = await drizzleJournal.load(fsSource(target.outDir), target);
  const latest = await createCheckContext(folder).latestSnapshot();
  if (!latest) return undefined;
  return { label: `the Drizzle snapshot ${folder.display(latest.migration.snapshot!.path)}`, expected: expectedFromSnapshot(latest.snapshot) };
}

/** Every difference between what the replayed Supabase migrations built and what the Drizzle snapshot declares, one
 * finding each (tables, columns, types, nullability, defaults, indexes, constraints, enums, RLS), naming both
 * sides. Objects only the Supabase side has are reported too: the two sources should describe one database. */
export async function compareWithDrizzle(client: SqlClient, drizzle: DrizzleSide, supabaseLabel: string): Promise<DbFinding[]> {
  const actual = await introspect(client, drizzle.expected.schemas);
  return compareSchema(drizzle.expected, actual, { strict: true, expectedLabel: drizzle.label })
    .filter((f) => f.severity !== 'info')
    .map((f) => ({
      ...f,
      rule: 'supabase/schema-mismatch',
      key: `${f.rule}:${f.key}`,
      message: `the Supabase migrations (${supabaseLabel}) and ${drizzle.label} disagree: ${f.message.replace(/ does not exist\b/, ' is not created by the Supabase migrations')}`,
      fix: 'Make the two agree: write the Supabase migration the Drizzle schema implies (or change the Drizzle schema and run drizzle-kit generate), so both describe the database production runs.',
    }));
}
