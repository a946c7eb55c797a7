import type { Target } from '../../config/targets.js';
import { pgliteSqlClient } from '../../embedded/pglite-sql-client.js';
import type { PreparedReplay } from '../migration-system.js';
import { compareWithDrizzle, drizzleSide } from './both-sources.js';
import type { SupabaseFolder } from './migration-files.js';
import { replaySupabase } from './replay.js';

/** The replay of a Supabase folder: the files applied as the CLI applies them; then, when the project also keeps a
 * Drizzle schema, what they built compared with the Drizzle snapshot (supabase/schema-mismatch). */
export async function prepareSupabaseReplay(target: Target, folder: SupabaseFolder): Promise<PreparedReplay | { note: string }> {
  // `supabase init` done, no migration yet: nothing to replay, no reason to start Postgres
  if (folder.migrations.length === 0) return { note: 'no migrations yet: nothing to replay' };
  const drizzle = await drizzleSide(target.root);
  const notes: string[] = [];
  return {
    migrator: 'supabase-cli-2.117.0',
    comparedWith: drizzle ? `Drizzle snapshot (${drizzle.label.replace(/^the Drizzle snapshot /, '')})` : 'snapshots (a Supabase folder has none)',
    notes,
    async run(pg) {
      const outcome = await replaySupabase(pg, folder);
      if (!drizzle) return outcome;
      if (outcome.failure) {
        notes.push(`not compared with ${drizzle.label}: the replay stopped at ${outcome.failure.file.name}`);
        return outcome;
      }
      const diffs = await compareWithDrizzle(pgliteSqlClient(pg), drizzle, folder.label);
      return { ...outcome, compared: 1, findings: [...outcome.findings, ...diffs] };
    },
  };
}
