import { readSnapshotJson } from '../../folder/read-files.js';
import { drizzleKitOf } from '../drizzle-kit/start.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import type { SchemaContext } from '../../schema/schema-context.js';
import { RUN_GENERATE_YOURSELF, schemaDiffers, schemaFilesOrWarning, schemaNotCompared } from '../drizzle-kit/schema-verdicts.js';
import type { RuleFinding } from '../../types.js';

async function latestSnapshot(folder: MigrationFolder): Promise<{ tag: string; snapshot: Record<string, unknown> } | null | 'unreadable'> {
  const last = folder.migrations.at(-1);
  if (!last) return null;
  if (!last.snapshot || last.snapshot.header.error) return 'unreadable';
  const snapshot = await readSnapshotJson(folder, last.snapshot.path);
  return snapshot ? { tag: last.tag, snapshot } : 'unreadable';
}

/** schema/out-of-sync on a 0.x folder: the project's drizzle-kit (0.x worker) diffs the schema modules against the
 * latest snapshot. An empty folder in a project on drizzle-kit 1.0 is judged by 1.0's own API instead. */
export async function journalSchemaCheck(ctx: SchemaContext, schema: string[]): Promise<RuleFinding[]> {
  const { target, folder, casing } = ctx;
  const oracle = drizzleKitOf(ctx.generator);
  if (folder.migrations.length === 0 && oracle.kit.flavor === '1.0') return (await import('../drizzle-folders/schema-check.js')).foldersSchemaCheck(ctx, schema);
  const files = schemaFilesOrWarning(ctx, schema);
  if (typeof files[0] !== 'string') return files as RuleFinding[];
  const latest = await latestSnapshot(folder);
  if (latest === 'unreadable') return []; // snapshot rules report it
  const status = await oracle.status();
  if (!status.ok) return schemaNotCompared('unavailable', status.reason, 'Install drizzle-kit in the project (npm i -D drizzle-kit).');
  const result = await oracle.schema({ files: files as string[], latest: latest?.snapshot ?? null, casing, configFile: target.configFile });
  if ('error' in result) return schemaNotCompared('error', result.error, RUN_GENERATE_YOURSELF);
  if (result.inSync) return [];
  const against = latest ? `the latest snapshot (${latest.tag})` : 'the (empty) migrations folder';
  return schemaDiffers(folder.display('meta/_journal.json'), against, 'drizzle-kit', result.statements, result.ambiguous ? ' (it would ask whether this is a rename)' : '');
}
