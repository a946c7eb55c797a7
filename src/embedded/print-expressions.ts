import type { CatalogModel } from '../db/catalog-model.js';
import { quoteIdent, type SqlClient } from '../db/sql-client.js';
import { debug } from '../debug.js';
import { PIN_PATH, RESTORE_PATH, SAVE_PATH } from './pglite-sql-client.js';

/** A client on the replay's own database that can run several statements in one round trip. */
type ExecClient = SqlClient & { exec(text: string): Promise<{ rows: any[] }[]> };
const canExec = (client: SqlClient): client is ExecClient => typeof (client as Partial<ExecClient>).exec === 'function';

const SCRATCH = 'driftgate_print';
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Creates a scratch object under a savepoint, reads what Postgres prints for it (search_path pinned, as introspect
 * reads the live side), and rolls it back. undefined when Postgres rejects the text: then it is compared loosely. */
async function printed(client: ExecClient, create: string, read: string): Promise<Record<string, unknown> | undefined> {
  try {
    const results = await client.exec([`SAVEPOINT ${SCRATCH}`, create, SAVE_PATH, PIN_PATH, read, RESTORE_PATH, `ROLLBACK TO SAVEPOINT ${SCRATCH}`, `RELEASE SAVEPOINT ${SCRATCH}`].join(';\n'));
    return results.at(-4)?.rows[0];
  } catch (error) {
    debug(`embedded: Postgres could not print the snapshot's text (${(error as Error).message.split('\n')[0]}); compared loosely`);
    await client.exec(`ROLLBACK TO SAVEPOINT ${SCRATCH}; RELEASE SAVEPOINT ${SCRATCH}`).catch(() => undefined);
    return undefined;
  }
}

/** The replay's database is ours to write to: the expected side's policy USING / WITH CHECK and view SELECTs are
 * created on scratch objects in it, so the same Postgres prints both sides and they compare by meaning (parentheses,
 * casts, qualifiers as Postgres resolves them) — where `verify --db`, read-only, can only normalise the text. Only
 * objects present on both sides are printed (a missing one is reported as missing anyway). */
export async function printExpectedOnServer(client: SqlClient, expected: CatalogModel, actual: CatalogModel): Promise<void> {
  if (!canExec(client)) return;
  for (const [key, table] of expected.tables) {
    const live = actual.tables.get(key);
    if (!live) continue;
    const target = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
    for (const policy of table.policies.values()) {
      if (!live.policies.has(policy.name) || (policy.using == null && policy.withCheck == null)) continue;
      const clauses = `${policy.using != null ? ` USING (${policy.using})` : ''}${policy.withCheck != null ? ` WITH CHECK (${policy.withCheck})` : ''}`;
      const row = await printed(
        client,
        `CREATE POLICY ${SCRATCH} ON ${target} FOR ALL${clauses}`,
        `select pg_catalog.pg_get_expr(polqual, polrelid) as using, pg_catalog.pg_get_expr(polwithcheck, polrelid) as with_check from pg_catalog.pg_policy where polname = ${literal(SCRATCH)} and polrelid = ${literal(target)}::pg_catalog.regclass`,
      );
      if (!row) continue;
      Object.assign(policy, { using: (row.using as string | null) ?? null, withCheck: (row.with_check as string | null) ?? null, printed: true });
    }
  }
  for (const [key, view] of expected.views) {
    if (view.definition === undefined || !actual.views.has(key)) continue;
    const scratch = `${quoteIdent(view.schema)}.${quoteIdent(SCRATCH)}`;
    const row = await printed(client, `CREATE VIEW ${scratch} AS ${view.definition}`, `select pg_catalog.pg_get_viewdef(${literal(scratch)}::pg_catalog.regclass, true) as definition`);
    if (row && typeof row.definition === 'string') Object.assign(view, { definition: row.definition, printed: true });
  }
}
