import { readSnapshotJson } from '../../folder/read-files.js';
import { leaves, v1Graph } from './snapshot-graph.js';
import type { RuleFinding } from '../../types.js';
import type { SchemaContext } from '../../schema/schema-context.js';
import { plural } from '../../messages.js';


/** `schema/out-of-sync` on a drizzle-kit 1.0 folder, with the project's drizzle-kit 1.0 (`drizzle-kit/api-postgres`
 * in the shared worker): the schema modules' state (`generateDrizzleJson`) is diffed against the state `drizzle-kit
 * generate` starts from — the leaf snapshots of the folder, reconstructed (combined when branches are unmerged) —
 * and any statement means generate would write a migration. */
export async function schemaOutOfSyncV1({ target, folder, oracle }: SchemaContext, files: string[]): Promise<RuleFinding[]> {
  // A broken snapshot is the snapshot rules' finding; the state it belongs to cannot be rebuilt.
  if (folder.migrations.some((m) => m.snapshot?.header.error)) return [];
  const { nodes } = v1Graph(folder);
  const read = await Promise.all(nodes.map(async (n) => [n, await readSnapshotJson(folder, n.migration.snapshot!.path)] as const));
  if (read.some(([, json]) => !json)) return [];
  const snapshots = Object.fromEntries(read.map(([n, json]) => [n.migration.tag, json]));
  const tips = leaves(nodes);
  const worker = await oracle.v1();
  const status = await worker.status();
  if (!status.ok) {
    return [{ severity: 'warn', key: 'unavailable', message: `the schema was not compared with the latest snapshot: ${status.reason}`, fix: 'Install drizzle-kit 1.0 in the project (the version that generated the folder).' }];
  }
  const result = await worker.schema({ files, snapshots, leafIds: tips.map((t) => t.id) });
  if ('error' in result) return [{ severity: 'warn', key: 'error', message: `the schema was not compared with the latest snapshot: ${result.error}`, fix: 'Run drizzle-kit generate yourself to see the problem.' }];
  if (result.inSync) return [];
  const shown = result.statements.slice(0, 3).map((s) => s.split('\n')[0]).join(' · ');
  const more = result.statements.length > 3 ? ` (+${result.statements.length - 3} more)` : '';
  const against = tips.length === 0
    ? 'the (empty) migrations folder'
    : tips.length === 1
      ? `the latest snapshot (${tips[0].migration.tag})`
      : `the combined state of ${tips.length} unmerged branches (${tips.map((t) => t.migration.tag).join(', ')})`;
  const file = tips.length === 1 ? folder.display(tips[0].migration.snapshot!.path) : target.label;
  return [{
    key: 'schema',
    file,
    message: `the schema differs from ${against}: drizzle-kit ${status.version} generate would write ${plural(result.statements.length, 'statement')}: ${shown}${more}${result.ambiguous ? ` (it would ask whether ${result.ambiguous.added.join(', ')} is a rename)` : ''}`,
    fix: 'Run drizzle-kit generate and commit the new migration with the schema change (or revert the schema edit).',
  }];
}
