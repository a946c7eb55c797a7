import { readSnapshotJson } from '../../folder/read-files.js';
import { leaves, v1Graph } from './snapshot-graph.js';
import { drizzleKitOf } from '../drizzle-kit/start.js';
import type { RuleFinding } from '../../types.js';
import type { SchemaContext } from '../../schema/schema-context.js';
import { RUN_GENERATE_YOURSELF, schemaDiffers, schemaFilesOrWarning, schemaNotCompared } from '../drizzle-kit/schema-verdicts.js';

/** `schema/out-of-sync` on a drizzle-kit 1.0 folder, with the project's drizzle-kit 1.0 (`drizzle-kit/api-postgres`
 * in the shared worker): the schema modules' state (`generateDrizzleJson`) is diffed against the state `drizzle-kit
 * generate` starts from — the leaf snapshots of the folder, reconstructed (combined when branches are unmerged) —
 * and any statement means generate would write a migration. */
export async function foldersSchemaCheck(ctx: SchemaContext, schema: string[]): Promise<RuleFinding[]> {
  const { target, folder } = ctx;
  const oracle = drizzleKitOf(ctx.generator);
  const files = schemaFilesOrWarning(ctx, schema);
  if (typeof files[0] !== 'string') return files as RuleFinding[];
  // A broken snapshot is the snapshot rules' finding; the state it belongs to cannot be rebuilt.
  if (folder.migrations.some((m) => m.snapshot?.header.error)) return [];
  const { nodes } = v1Graph(folder);
  const read = await Promise.all(nodes.map(async (n) => [n, await readSnapshotJson(folder, n.migration.snapshot!.path)] as const));
  if (read.some(([, json]) => !json)) return [];
  const snapshots = Object.fromEntries(read.map(([n, json]) => [n.migration.tag, json]));
  const tips = leaves(nodes);
  const worker = await oracle.v1();
  const status = await worker.status();
  if (!status.ok) return schemaNotCompared('unavailable', status.reason, 'Install drizzle-kit 1.0 in the project (the version that generated the folder).');
  const result = await worker.schema({ files: files as string[], snapshots, leafIds: tips.map((t) => t.id) });
  if ('error' in result) return schemaNotCompared('error', result.error, RUN_GENERATE_YOURSELF);
  if (result.inSync) return [];
  const against = tips.length === 0
    ? 'the (empty) migrations folder'
    : tips.length === 1
      ? `the latest snapshot (${tips[0].migration.tag})`
      : `the combined state of ${tips.length} unmerged branches (${tips.map((t) => t.migration.tag).join(', ')})`;
  const file = tips.length === 1 ? folder.display(tips[0].migration.snapshot!.path) : target.label;
  const renameNote = result.ambiguous ? ` (it would ask whether ${result.ambiguous.added.join(', ')} is a rename)` : '';
  return schemaDiffers(file, against, `drizzle-kit ${status.version}`, result.statements, renameNote);
}
