import { snapshotInvalid } from '../drizzle-journal/rules/snapshot-invalid.js';
import { detectLayout } from '../drizzle-journal/detect-layout.js';
import { upgradeAlreadyV1 } from '../../messages.js';
import { staticRules } from '../../rules/index.js';
import { sqlConcurrentlyInTransaction } from '../../rules/sql-concurrently-in-transaction.js';
import { sqlTransactionControl } from '../../rules/sql-transaction-control.js';
import type { MigrationSystem } from '../migration-system.js';
import { startDrizzleKit } from '../drizzle-kit/start.js';
import { DRIZZLE_CONFIG_FILES } from '../../config/targets.js';
import { convertedFromJournal } from './converted-from.js';
import { loadV1Folder } from './load-folder.js';
import { duplicatePrefix } from './rules/duplicate-prefix.js';
import { folderName } from './rules/folder-name.js';
import { identifierTooLong } from './rules/identifier-too-long.js';
import { invalid } from './rules/invalid.js';
import { missingSnapshot } from './rules/missing-snapshot.js';
import { missingSql } from './rules/missing-sql.js';
import { orphanSql } from './rules/orphan-sql.js';
import { snapshotChain } from './rules/snapshot-chain.js';
import { snapshotCollision } from './rules/snapshot-collision.js';
import { whenFuture } from './rules/when-future.js';

const HISTORY = /^([^/]+)\/(migration\.sql|snapshot\.json)$/;
const tagOfPath = (path: string) => HISTORY.exec(path)?.[1];

/** drizzle-kit 1.0: one `<YYYYMMDDHHmmss>_<name>/` per migration with `migration.sql` and `snapshot.json` (format-9
 * snapshots hold deltas over a `prevIds` graph); drizzle-orm 1.0 applies every folder whose name its tracking table
 * lacks, in name order. */
export const drizzleFolders: MigrationSystem = {
  id: 'drizzle-folders',
  tool: 'drizzle-kit 1.0',
  newMigration: 'drizzle-kit generate, or generate --custom',
  detect: async (source) => (await detectLayout(source)).layout === 'folders',
  load: async (source, target) => loadV1Folder(source, await detectLayout(source), { label: target.label, settings: target.settings }),
  rules: [
    invalid, whenFuture, missingSql, orphanSql, missingSnapshot, duplicatePrefix, folderName, snapshotInvalid, snapshotChain, snapshotCollision,
    sqlTransactionControl, sqlConcurrentlyInTransaction, identifierTooLong, ...staticRules,
  ],
  isHistoryFile: (path) => HISTORY.test(path),
  tagOfPath: (_folder, path) => tagOfPath(path),
  // A migration folder on a remote is as fixed as a journal entry there.
  tagsOfListing: async (listing) => [...new Set([...listing.keys()].flatMap((path) => tagOfPath(path) ?? []))],
  convertedFrom: convertedFromJournal,
  migrationFiles: (_folder, m) => [m.sqlPath, `${m.tag}/snapshot.json`],
  customMigrations: async (ctx) => (await (await import('./new-migrations.js')).foldersNewMigrations(ctx)).filter((m) => m.custom).map((m) => m.migration),
  projectMarkers: DRIZZLE_CONFIG_FILES,
  startGenerator: startDrizzleKit,
  generatorCheck: async (ctx) => (await import('./generator-check.js')).foldersGeneratorCheck(ctx),
  // migration SQL, snapshots and journal, and the TypeScript/JavaScript schema drizzle-kit reads
  generatorInput: (path) => /\.(sql|json|[cm]?[jt]sx?)$/.test(path),
  schemaCheck: async (ctx, files) => (await import('./schema-check.js')).foldersSchemaCheck(ctx, files),
  declaredSchema: async (folder) => (await import('./declared-schema.js')).foldersDeclaredSchema(folder),
  verifyDatabase: async (client, folder, opts) => (await import('./verify-database.js')).verifyV1Database(client, folder, opts),
  prepareReplay: async (target, folder, opts) => (await import('./replay.js')).prepareFoldersReplay(target, folder, opts),
  upgradePreview: async (_folder, ctx) => ({ findings: [], notes: [upgradeAlreadyV1(ctx.label)] }),
};
