import { readSnapshotJson } from '../folder/read-files.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { Rule, RuleFinding } from '../types.js';
import type { SchemaContext } from './schema-context.js';
import { resolveSchemaFiles } from './schema-files.js';

async function latestSnapshot(folder: MigrationFolder): Promise<{ tag: string; snapshot: Record<string, unknown> } | null | 'unreadable'> {
  const last = folder.migrations.at(-1);
  if (!last) return null;
  if (!last.snapshot || last.snapshot.header.error) return 'unreadable';
  const snapshot = await readSnapshotJson(folder, last.snapshot.path);
  return snapshot ? { tag: last.tag, snapshot } : 'unreadable';
}

export const schemaOutOfSync: Rule<SchemaContext> = {
  id: 'schema/out-of-sync',
  severity: 'error',
  description: 'The schema (drizzle schema files, schema.prisma) no longer matches what the migrations build: drizzle-kit generate or prisma migrate dev would create a migration that is not committed.',
  async run({ target, folder, oracle, casing }) {
    if (target.schema.length === 0) return [];
    const files = resolveSchemaFiles(target.schema);
    const where = target.configFile ? 'drizzle config' : 'config';
    if (files.length === 0) {
      return [{ severity: 'warn', key: 'no-files', message: `the ${where}'s schema (${target.schema.join(', ')}) matches no file, so the schema was not compared with the snapshots`, fix: 'Fix "schema" in the drizzle config.' }];
    }
    // drizzle-kit 1.0's folders (or an empty folder in a project on drizzle-kit 1.0): its own API, never the 0.x worker.
    if (folder.layout === 'folders' || (folder.migrations.length === 0 && oracle.kit.flavor === '1.0')) {
      return (await import('./out-of-sync-v1.js')).schemaOutOfSyncV1({ target, folder, oracle, casing }, files);
    }
    const latest = await latestSnapshot(folder);
    if (latest === 'unreadable') return []; // snapshot rules report it
    const status = await oracle.status();
    if (!status.ok) return [{ severity: 'warn', key: 'unavailable', message: `the schema was not compared with the latest snapshot: ${status.reason}`, fix: 'Install drizzle-kit in the project (npm i -D drizzle-kit).' }];
    const result = await oracle.schema({ files, latest: latest?.snapshot ?? null, casing, configFile: target.configFile });
    if ('error' in result) return [{ severity: 'warn', key: 'error', message: `the schema was not compared with the latest snapshot: ${result.error}`, fix: 'Run drizzle-kit generate yourself to see the problem.' }];
    if (result.inSync) return [];
    const shown = result.statements.slice(0, 3).map((s) => s.split('\n')[0]).join(' · ');
    const more = result.statements.length > 3 ? ` (+${result.statements.length - 3} more)` : '';
    const finding: RuleFinding = {
      key: 'schema',
      file: folder.display('meta/_journal.json'),
      message: `the schema differs from ${latest ? `the latest snapshot (${latest.tag})` : 'the (empty) migrations folder'}: drizzle-kit generate would write ${result.statements.length} statement${result.statements.length === 1 ? '' : 's'}: ${shown}${more}${result.ambiguous ? ' (it would ask whether this is a rename)' : ''}`,
      fix: 'Run drizzle-kit generate and commit the new migration with the schema change (or revert the schema edit).',
    };
    return [finding];
  },
};
