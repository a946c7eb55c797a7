import { detectLayout } from '../drizzle-journal/detect-layout.js';
import { loadV1Folder } from './load-folder.js';
import { upgradeAlreadyV1 } from '../../messages.js';
import { staticRules } from '../../rules/index.js';
import type { MigrationSystem } from '../migration-system.js';

const HISTORY = /^([^/]+)\/(migration\.sql|snapshot\.json)$/;
const tagOfPath = (path: string) => HISTORY.exec(path)?.[1];

/** drizzle-kit 1.0: one `<YYYYMMDDHHmmss>_<name>/` per migration with `migration.sql` and `snapshot.json` (format-9
 * snapshots hold deltas over a `prevIds` graph); drizzle-orm 1.0 applies every folder whose name its tracking table
 * lacks, in name order. */
export const drizzleFolders: MigrationSystem = {
  id: 'drizzle-folders',
  tool: 'drizzle-kit 1.0',
  detect: async (source) => (await detectLayout(source)).layout === 'folders',
  load: async (source, target) => loadV1Folder(source, await detectLayout(source), { label: target.label, settings: target.settings }),
  rules: staticRules,
  isHistoryFile: (path) => HISTORY.test(path),
  tagOfPath: (_folder, path) => tagOfPath(path),
  // A migration folder on a remote is as fixed as a journal entry there.
  tagsOfListing: async (listing) => [...new Set([...listing.keys()].flatMap((path) => tagOfPath(path) ?? []))],
  generatorCheck: async (ctx) => (await import('../drizzle-journal/generator-check.js')).sqlNotGenerated.run(ctx),
  schemaCheck: async (ctx) => (await import('../drizzle-journal/schema-check.js')).schemaOutOfSync.run(ctx),
  verifyDatabase: async (client, folder, opts) => (await import('./verify-database.js')).verifyV1Database(client, folder, opts),
  prepareReplay: async (target, folder, opts) => (await import('./prepare-replay.js')).prepareFoldersReplay(target, folder, opts),
  upgradePreview: async (_folder, ctx) => ({ findings: [], notes: [upgradeAlreadyV1(ctx.label)] }),
};
