import { identifierTooLong } from './rules/identifier-too-long.js';
import { journalDuplicatePrefix } from './rules/journal-duplicate-prefix.js';
import { journalIdxSequence } from './rules/journal-idx-sequence.js';
import { journalInvalid } from './rules/journal-invalid.js';
import { journalMissingSnapshot } from './rules/journal-missing-snapshot.js';
import { journalMissingSql } from './rules/journal-missing-sql.js';
import { journalOrphanSnapshot } from './rules/journal-orphan-snapshot.js';
import { journalOrphanSql } from './rules/journal-orphan-sql.js';
import { journalTagMismatch } from './rules/journal-tag-mismatch.js';
import { journalVersionMismatch } from './rules/journal-version-mismatch.js';
import { journalWhenFuture } from './rules/journal-when-future.js';
import { journalWhenOrder } from './rules/journal-when-order.js';
import { snapshotChain } from './rules/snapshot-chain.js';
import { snapshotCollision } from './rules/snapshot-collision.js';
import { snapshotInvalid } from './rules/snapshot-invalid.js';
import { staticRules } from '../../rules/index.js';
import { sqlConcurrentlyInTransaction } from '../../rules/sql-concurrently-in-transaction.js';
import { sqlTransactionControl } from '../../rules/sql-transaction-control.js';
import type { MigrationSystem } from '../migration-system.js';
import { detectLayout } from './detect-layout.js';
import { loadJournalFolder } from './load-folder.js';
import { upgradeRules } from './upgrade/index.js';
import { startDrizzleKit } from '../drizzle-kit/start.js';
import { DRIZZLE_CONFIG_FILES } from '../../config/targets.js';

const HISTORY = /^([^/]+\.sql|meta\/[^/]+_snapshot\.json)$/;

/** drizzle-kit 0.x: `meta/_journal.json` orders the migrations, `<tag>.sql` holds each, `meta/<prefix>_snapshot.json`
 * the schema after it; drizzle-orm's migrator applies by the journal's `when` watermark. Also the fallback for an
 * empty or unreadable folder, so a missing journal is reported as before. */
export const drizzleJournal: MigrationSystem = {
  id: 'drizzle-journal',
  tool: 'drizzle-kit 0.x',
  newMigration: 'drizzle-kit generate, or generate --custom',
  detect: async (source) => (await detectLayout(source)).layout === 'journal',
  load: async (source, target) => loadJournalFolder(source, await detectLayout(source), { label: target.label, settings: target.settings }),
  rules: [
    journalInvalid, journalWhenOrder, journalWhenFuture, journalIdxSequence, journalMissingSql, journalOrphanSql, journalMissingSnapshot,
    journalOrphanSnapshot, journalDuplicatePrefix, journalTagMismatch, journalVersionMismatch, snapshotInvalid, snapshotChain, snapshotCollision,
    sqlTransactionControl, sqlConcurrentlyInTransaction, identifierTooLong, ...staticRules,
  ],
  isHistoryFile: (path) => HISTORY.test(path),
  tagOfPath(folder, path) {
    if (path.endsWith('.sql')) return path.slice(0, -4);
    const prefix = /^meta\/(.*)_snapshot\.json$/.exec(path)?.[1];
    return folder.migrations.find((m) => m.snapshot?.path === path)?.tag ?? prefix;
  },
  async tagsOfListing(listing, read) {
    const journal = listing.get('meta/_journal.json');
    const data = journal ? await read(journal) : null;
    try {
      const entries: unknown = JSON.parse(data?.toString('utf8') ?? '{}').entries;
      return Array.isArray(entries) ? entries.flatMap((e) => (typeof e?.tag === 'string' ? [e.tag as string] : [])) : [];
    } catch {
      return []; // an unparsable journal protects nothing by tag; its files are still protected by path
    }
  },
  migrationFiles: (_folder, m) => [m.sqlPath, `meta/${m.tag.split('_')[0]}_snapshot.json`],
  customMigrations: async (ctx) => (await (await import('./new-migrations.js')).newMigrations(ctx)).filter((m) => m.custom).map((m) => m.migration),
  projectMarkers: DRIZZLE_CONFIG_FILES,
  startGenerator: startDrizzleKit,
  generatorCheck: async (ctx) => (await import('./generator-check.js')).journalGeneratorCheck(ctx),
  // migration SQL, snapshots and journal, and the TypeScript/JavaScript schema drizzle-kit reads
  generatorInput: (path) => /\.(sql|json|[cm]?[jt]sx?)$/.test(path),
  schemaCheck: async (ctx, files) => (await import('./schema-check.js')).journalSchemaCheck(ctx, files),
  declaredSchema: async (folder) => (await import('./declared-schema.js')).journalDeclaredSchema(folder),
  verifyDatabase: async (client, folder, opts) => (await import('./verify-database.js')).verifyDatabase(client, folder, opts),
  prepareReplay: async (target, folder, opts) => (await import('./replay.js')).prepareJournalReplay(target, folder, opts),
  upgradePreview: async (folder, ctx) => (await import('./upgrade-preview.js')).previewUpgrade(folder, ctx),
  upgradeRules: upgradeRules as MigrationSystem['upgradeRules'],
};
