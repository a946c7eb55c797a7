import type { CatalogModel } from '../db/catalog-model.js';
import { compareSchema } from '../db/compare-schema.js';
import type { DbFinding } from '../db/db-finding.js';
import { introspect } from '../db/introspect.js';
import type { SqlClient } from '../db/sql-client.js';
import type { FolderSettings } from '../folder/migration-folder.js';

/** The object a difference is about: `public.t/column:c` → `public.t`, `enum:public.e` stays. */
const objectOf = (key: string) => key.split('/')[0];

/** The platform's objects (what a preamble made in its schemas, e.g. Supabase's `auth.users`) and drizzle's own
 * tracking table: not made by the migrations, so never judged by the replay — a snapshot may model `auth.users`
 * with other columns or without its RLS. Only the preamble's schemas count: a prefix restored from the replay cache
 * was made by migrations and stays judged. Keys as compareSchema writes them. */
export async function objectsBeforeReplay(client: SqlClient, settings: Pick<FolderSettings, 'schema' | 'table'>, platformSchemas: string[]): Promise<Set<string>> {
  const keys = new Set<string>([`${settings.schema}.${settings.table}`]);
  if (!platformSchemas.length) return keys;
  const model = await introspect(client, platformSchemas);
  for (const key of model.tables.keys()) keys.add(key);
  for (const key of model.enums.keys()) keys.add(`enum:${key}`);
  for (const key of model.views.keys()) keys.add(`view:${key}`);
  for (const key of model.sequences.keys()) keys.add(`sequence:${key}`);
  for (const schema of platformSchemas) keys.add(schema);
  return keys;
}

/** One replay run's memory of what it reported: each migration is compared with its own snapshot, including what
 * it has that the snapshot does not (on a clean database every object comes from the migrations), and a
 * difference is reported at the first migration that shows it. Later steps that still show a difference on the
 * same object part (rule + key: an enum whose values are still out of order after one more ADD VALUE) stay quiet
 * until a step compares that object equal again. */
export class StepComparer {
  private readonly reported = new Set<string>();

  constructor(private readonly before: Set<string>) {}

  /** The differences of one step not reported at an earlier step. Known Postgres equivalences (severity info) are
   * not divergence and are left to the final database check. */
  diffs(expected: CatalogModel, actual: CatalogModel, opts: { expectedLabel: string; tag: string }): DbFinding[] {
    const all = compareSchema(expected, actual, { ...opts, strict: true }).filter(
      (d) => d.severity !== 'info' && !this.before.has(objectOf(String(d.key))),
    );
    const id = (d: DbFinding) => `${d.rule}\0${d.key}`;
    const now = new Set(all.map(id));
    const compared = comparedObjects(expected, actual);
    for (const seen of this.reported) if (!now.has(seen) && compared.has(objectOf(seen.slice(seen.indexOf('\0') + 1)))) this.reported.delete(seen);
    const fresh = all.filter((d) => !this.reported.has(id(d)));
    for (const d of all) this.reported.add(id(d));
    return fresh;
  }
}

/** Object keys (as compareSchema writes them) that one step compared. */
function comparedObjects(expected: CatalogModel, actual: CatalogModel): Set<string> {
  const out = new Set<string>();
  for (const model of [expected, actual]) {
    for (const key of model.tables.keys()) out.add(key);
    for (const key of model.enums.keys()) out.add(`enum:${key}`);
    for (const key of model.views.keys()) out.add(`view:${key}`);
    for (const key of model.sequences.keys()) out.add(`sequence:${key}`);
  }
  return out;
}
