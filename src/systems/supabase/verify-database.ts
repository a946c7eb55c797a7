import type { DatabaseVerdict } from '../../db/database-verdict.js';
import type { SqlClient } from '../../db/sql-client.js';
import type { VerifyDatabaseOptions } from '../migration-system.js';
import { judgeHistory } from './judge-history.js';
import type { SupabaseFolder } from './migration-files.js';
import { readHistory } from './schema-migrations.js';

/** verify --db for a Supabase folder: the history table judged the way `supabase db push` would. There is no
 * schema model in a Supabase folder, so nothing to compare the live schema with here (see docs/supabase.md). */
export async function verifySupabaseDatabase(client: SqlClient, folder: SupabaseFolder, opts: VerifyDatabaseOptions): Promise<DatabaseVerdict> {
  const history = await readHistory(client);
  opts.whileIntrospecting?.();
  const verdict = await judgeHistory(folder, history, opts);
  return { findings: verdict.findings, tables: 0, columns: 0, applied: verdict.applied, total: verdict.total, migrationsTable: history.exists };
}
