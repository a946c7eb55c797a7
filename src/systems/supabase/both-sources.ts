import { compareSchema } from '../../db/compare-schema.js';
import type { DbFinding } from '../../db/db-finding.js';
import { introspect } from '../../db/introspect.js';
import type { SqlClient } from '../../db/sql-client.js';
import type { DeclaredSchema } from '../migration-system.js';

/** Every difference between what the replayed Supabase migrations built and what the other tool declares (a Drizzle
 * snapshot, …), one finding each (tables, columns, types, nullability, defaults, indexes, constraints, enums, RLS),
 * naming both sides. Objects only the Supabase side has are reported too: the two sources should describe one
 * database. */
export async function compareWithDeclared(client: SqlClient, declared: DeclaredSchema, supabaseLabel: string): Promise<DbFinding[]> {
  const actual = await introspect(client, declared.expected.schemas);
  return compareSchema(declared.expected, actual, { strict: true, expectedLabel: declared.label })
    .filter((f) => f.severity !== 'info')
    .map((f) => ({
      ...f,
      rule: 'supabase/schema-mismatch',
      key: `${f.rule}:${f.key}`,
      message: `the Supabase migrations (${supabaseLabel}) and ${declared.label} disagree: ${f.message.replace(/ does not exist\b/, ' is not created by the Supabase migrations')}`,
      fix: `Make the two agree: write the Supabase migration the other side implies (supabase migration new), or ${declared.changeIt}, so both describe the database production runs.`,
    }));
}
