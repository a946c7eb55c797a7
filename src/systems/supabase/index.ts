import type { CheckContext } from '../../rules/check-context.js';
import type { Rule } from '../../types.js';
import type { MigrationSystem } from '../migration-system.js';
import { createSupabaseContext, type SupabaseCheckContext } from './check-context.js';
import { committedFiles } from './committed-files.js';
import { findSupabaseTargets } from './discover.js';
import { loadCommonFolder, supabaseView, tagOf } from './folder-model.js';
import { classifyFile } from './migration-files.js';
import { supabaseStaticRules } from './rules/index.js';
import { supabaseSchemaMismatch } from './rules/schema-mismatch.js';

/** Folders read from the work tree or the index, by path on disk: out-of-order compares them with HEAD. */
const outDirs = new WeakMap<object, string>();
const contexts = new WeakMap<CheckContext, Promise<SupabaseCheckContext>>();

/** The Supabase view of a check context. Which files are new (supabase/out-of-order): for the work tree and the
 * index (`check`, pre-commit), those HEAD lacks; for a commit being pushed, those the hook judges. */
function supabaseContext(ctx: CheckContext): Promise<SupabaseCheckContext> {
  let made = contexts.get(ctx);
  if (!made) {
    made = (async () => {
      const view = supabaseView(ctx.folder);
      const onlyFiles = ctx.onlyTags ? new Set(view.migrations.filter((f) => ctx.onlyTags!.has(tagOf(f.name))).map((f) => f.name)) : undefined;
      const outDir = outDirs.get(ctx.folder);
      if (outDir) return createSupabaseContext(view, { onlyFiles, committed: await committedFiles(outDir), committedAt: 'HEAD' });
      const committed = onlyFiles && new Set(view.files.filter((f) => !onlyFiles.has(f.name)).map((f) => f.name));
      return createSupabaseContext(view, { onlyFiles, committed });
    })();
    contexts.set(ctx, made);
  }
  return made;
}

const asCommonRule = (rule: Rule<SupabaseCheckContext>): Rule<CheckContext> => ({
  ...rule,
  run: async (ctx) => rule.run(await supabaseContext(ctx)),
});

const isMigrationName = (path: string) => !path.includes('/') && !classifyFile(path, false).skipped;

/** Supabase CLI: `supabase/migrations/<digits>_<name>.sql`, applied in version order by `supabase db push` /
 * `migration up`, recorded in supabase_migrations.schema_migrations (version, name, statements). */
export const supabase: MigrationSystem = {
  id: 'supabase',
  tool: 'Supabase CLI',
  newMigration: 'supabase migration new <name>',
  // --out DIR: flat `<digits>_<name>.sql` files and no drizzle `meta/` (drizzle-kit's prefix "supabase" writes the
  // same names, but always with meta/_journal.json beside them).
  async detect(source) {
    const top = (await source.list('')) ?? [];
    // A drizzle folder that lost its meta/ has 4-digit prefixes (0000_x.sql): journal/invalid must still say so.
    const sql = top.filter((e) => e.isFile && e.name.endsWith('.sql'));
    return !top.some((e) => e.name === 'meta') && sql.length > 0 && sql.every((e) => /^[0-9]{14,}_.*\.sql$/.test(e.name));
  },
  projectMarkers: ['supabase/config.toml', 'supabase/migrations'],
  findTargets: async (cwd) => findSupabaseTargets(cwd),
  load: async (source, target) => {
    const folder = await loadCommonFolder(source, target.label);
    // What HEAD holds is the reference for the work tree and the index; a commit's tree judges against its base.
    if (source.name === 'work tree' || source.name === 'index') outDirs.set(folder, target.outDir);
    return folder;
  },
  rules: supabaseStaticRules.map(asCommonRule),
  isHistoryFile: isMigrationName,
  tagOfPath: (_folder, path) => (isMigrationName(path) ? tagOf(path) : undefined),
  tagsOfListing: async (listing) => [...listing.keys()].filter(isMigrationName).map(tagOf),
  verifyDatabase: async (client, folder, opts) => (await import('./verify-database.js')).verifySupabaseDatabase(client, supabaseView(folder), opts),
  prepareReplay: async (_target, folder, opts) => (await import('./prepare-replay.js')).prepareSupabaseReplay(supabaseView(folder), opts),
  replayRules: [supabaseSchemaMismatch],
};
