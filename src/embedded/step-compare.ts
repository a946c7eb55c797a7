import type { CatalogModel } from '../db/catalog-model.js';
import { compareSchema } from '../db/compare-schema.js';
import type { DbFinding } from '../db/db-finding.js';
import { introspect } from '../db/introspect.js';
import type { SqlClient } from '../db/sql-client.js';
import type { FolderSettings } from '../folder/migration-folder.js';

const SYSTEM_SCHEMAS = `select n.nspname as name from pg_namespace n where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`;

/** The object a difference is about: `public.t/column:c` → `public.t`, `enum:public.e` stays. */
const objectOf = (key: string) => key.split('/')[0];

/** Objects that exist before the first migration runs (a platform preamble such as Supabase's `auth.users`) and
 * drizzle's own tracking table: not made by the migrations, so never "extra". Keys as compareSchema writes them. */
export async function objectsBeforeReplay(client: SqlClient, settings: Pick<FolderSettings, 'schema' | 'table'>): Promise<Set<string>> {
  const schemas = (await client.query<{ name: string }>(SYSTEM_SCHEMAS)).map((r) => r.name);
  const model = await introspect(client, schemas);
  const keys = new Set<string>([`${settings.schema}.${settings.table}`]);
  for (const key of model.tables.keys()) keys.add(key);
  for (const key of model.enums.keys()) keys.add(`enum:${key}`);
  for (const key of model.views.keys()) keys.add(`view:${key}`);
  for (const key of model.sequences.keys()) keys.add(`sequence:${key}`);
  return keys;
}

/** One replay run's memory of what it reported: each migration is compared with its own snapshot, including what
 * it has that the snapshot does not (on a clean database every object comes from the migrations), and a
 * difference is reported at the first migration that shows it — later steps that still show it stay quiet. */
export class StepComparer {
  private readonly reported = new Set<string>();

  constructor(private readonly before: Set<string>) {}

  /** The differences of one step not reported at an earlier step (all of them recorded as seen). Known Postgres
   * equivalences (severity info) are not divergence and are left to the final database check. */
  diffs(expected: CatalogModel, actual: CatalogModel, opts: { expectedLabel: string; tag: string }): DbFinding[] {
    const all = compareSchema(expected, actual, { ...opts, strict: true }).filter(
      (d) => d.severity !== 'info' && !(d.rule === 'db/extra-object' && this.before.has(objectOf(String(d.key)))),
    );
    const fresh = all.filter((d) => !this.reported.has(`${d.rule}\0${d.key}\0${d.message}`));
    for (const d of all) this.reported.add(`${d.rule}\0${d.key}\0${d.message}`);
    return fresh;
  }
}
