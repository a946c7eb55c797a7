import { detectLayout } from './detect-layout.js';
import { loadJournalFolder } from './load-folder.js';
import { staticRules } from '../../rules/index.js';
import type { MigrationSystem } from '../migration-system.js';

const HISTORY = /^([^/]+\.sql|meta\/[^/]+_snapshot\.json)$/;

/** drizzle-kit 0.x: `meta/_journal.json` orders the migrations, `<tag>.sql` holds each, `meta/<prefix>_snapshot.json`
 * the schema after it; drizzle-orm's migrator applies by the journal's `when` watermark. Also the fallback for an
 * empty or unreadable folder, so a missing journal is reported as before. */
export const drizzleJournal: MigrationSystem = {
  id: 'drizzle-journal',
  tool: 'drizzle-kit 0.x',
  detect: async (source) => (await detectLayout(source)).layout === 'journal',
  async load(source, target) {
    const scan = await detectLayout(source);
    const folder = await loadJournalFolder(source, { label: target.label, settings: target.settings });
    if (scan.migrationDirs.length > 0) {
      // Half-upgraded: drizzle-orm 1.0 refuses to migrate while meta/_journal.json exists, 0.x ignores the folders.
      const names = scan.migrationDirs.map((d) => d.name);
      folder.journalProblems.push({
        message: `the folder mixes both layouts: meta/_journal.json and ${names.length} drizzle-kit 1.0 migration folder${names.length === 1 ? '' : 's'} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); drizzle-orm 0.x ignores the folders and 1.0 refuses to migrate while the journal exists`,
        fix: 'Finish the upgrade with drizzle-kit up (drizzle-kit 1.0) and commit the result as one change — or, to stay on 0.x, remove the 1.0 folders.',
      });
    }
    return folder;
  },
  rules: staticRules,
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
  generatorCheck: async (ctx) => (await import('./generator-check.js')).sqlNotGenerated.run(ctx),
  schemaCheck: async (ctx) => (await import('./schema-check.js')).schemaOutOfSync.run(ctx),
  verifyDatabase: async (client, folder, opts) => (await import('./verify-database.js')).verifyDatabase(client, folder, opts),
  prepareReplay: async (target, folder, opts) => (await import('./prepare-replay.js')).prepareJournalReplay(target, folder, opts),
  upgradePreview: async (folder, ctx) => (await import('./upgrade-preview.js')).previewUpgrade(folder, ctx),
};
