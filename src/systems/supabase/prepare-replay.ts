import type { Target } from '../../config/targets.js';
import { pgliteSqlClient } from '../../embedded/pglite-sql-client.js';
import type { PreparedReplay, ReplayRequest } from '../migration-system.js';
import { compareWithDeclared } from './both-sources.js';
import type { SupabaseFolder } from './migration-files.js';
import { replaySupabase } from './replay.js';

/** The replay of a Supabase folder: the files applied as the CLI applies them; then, when the project also keeps
 * another tool's schema beside `supabase/` (a drizzle config's snapshots), what they built compared with it
 * (supabase/schema-mismatch). */
export async function prepareSupabaseReplay(folder: SupabaseFolder, opts: ReplayRequest): Promise<PreparedReplay | { note: string }> {
  // `supabase init` done, no migration yet: nothing to replay, no reason to start Postgres
  if (folder.migrations.length === 0) return { note: 'no migrations yet: nothing to replay' };
  const declared = await opts.declaredBeside?.();
  const notes: string[] = [];
  return {
    migrator: 'supabase-cli-2.117.0',
    comparedWith: declared ? declared.short : 'snapshots (a Supabase folder has none)',
    notes,
    async run(pg) {
      const outcome = await replaySupabase(pg, folder);
      if (!declared) return outcome;
      if (outcome.failure) {
        notes.push(`not compared with ${declared.label}: the replay stopped at ${outcome.failure.file.name}`);
        return outcome;
      }
      const diffs = await compareWithDeclared(pgliteSqlClient(pg), declared, folder.label);
      return { ...outcome, compared: 1, findings: [...outcome.findings, ...diffs] };
    },
  };
}
