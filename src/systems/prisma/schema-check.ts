import { relative } from 'node:path';
import type { SchemaContext } from '../../schema/schema-context.js';
import type { RuleFinding } from '../../types.js';
import { migrationList, NO_FILTER, readSchemaFiles } from './engine/engine-session.js';
import { withEmbeddedSchemaEngine } from './engine/embedded-engine.js';
import { lastEnginePanic } from './engine/load-engine.js';
import { extensionsNeeded } from '../../embedded/extensions.js';
import { timed } from '../../debug.js';

const MAX_SHOWN = 6;

/** schema/out-of-sync for Prisma, decided by Prisma's own schema engine: the diff from the migrations (replayed on an
 * embedded shadow database) to schema.prisma is empty, or `prisma migrate dev` would write a new migration. */
export async function prismaSchemaCheck(ctx: SchemaContext, schemaFiles: string[]): Promise<RuleFinding[]> {
  if (schemaFiles.length === 0) return [];
  const schema = await readSchemaFiles(ctx.target.root, schemaFiles);
  const list = await migrationList(ctx.folder, ctx.target.outDir);
  const file = relative(ctx.target.root, schemaFiles[0]) || schemaFiles[0];
  let summary: string;
  try {
    const extensions = [...extensionsNeeded(list.migrationDirectories.flatMap((d) => (d.migrationFile.content.tag === 'ok' ? [d.migrationFile.content.value] : []))).keys()];
    summary = await withEmbeddedSchemaEngine({ projectDir: ctx.target.root, schema, extensions }, async (engine) => {
      const result = await timed('prisma diff migrations → schema', () => engine.diff({ from: { tag: 'migrations', ...list }, to: { tag: 'schemaDatamodel', files: schema }, script: false, exitCode: true, filters: NO_FILTER }));
      return result.exitCode === 2 ? (result.stdout ?? '').trim() : '';
    });
  } catch (error) {
    const reason = (lastEnginePanic() || String((error as Error).message)).split('\n')[0];
    return [{ severity: 'warn', key: 'unavailable', file, message: `the schema was not compared with the migrations: Prisma's schema engine stopped: ${reason}`, fix: 'Run prisma migrate dev --create-only yourself to see the problem (a migration that fails to replay is reported by verify).' }];
  }
  if (!summary) return [];
  const shown = summaryParts(summary).slice(0, MAX_SHOWN).join('; ');
  return [{
    key: 'schema',
    file,
    message: `${file} differs from what the ${ctx.folder.migrations.length} migration${ctx.folder.migrations.length === 1 ? '' : 's'} in ${ctx.folder.label} build: prisma migrate dev would write a new migration (${shown})`,
    fix: 'Run prisma migrate dev --name <change> and commit the migration with the schema change (or revert the schema edit).',
  }];
}

/** The engine's human summary (`[+] Added tables` / `  - Tag`, `[*] Changed the \`Post\` table` / `  [+] Added …`)
 * as one part per heading: `Added tables: Tag`. */
export function summaryParts(summary: string): string[] {
  const parts: { head: string; items: string[] }[] = [];
  for (const raw of summary.split('\n')) {
    const line = raw.trim();
    const heading = /^\[[*+-]\]\s*(.+)$/.exec(line);
    if (heading && !raw.startsWith(' ')) parts.push({ head: heading[1], items: [] });
    else if (line && parts.length) parts.at(-1)!.items.push(line.replace(/^-\s*|^\[[*+-]\]\s*/, ''));
  }
  return parts.map((p) => (p.items.length ? `${p.head}: ${p.items.join(', ')}` : p.head));
}
