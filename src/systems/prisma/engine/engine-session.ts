import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { MigrationFolder } from '../../../folder/migration-folder.js';
import { readText } from '../../../folder/read-files.js';
import { LOCK_FILE } from '../load-folder.js';
import { loadSchemaEngine, type SchemaEngineHandle } from './load-engine.js';
import { createPgAdapterFactory } from './pg-adapter.js';

/** The schema files as the engine takes them: `{ path, content }`, paths relative to the project. */
export type SchemaFiles = { path: string; content: string }[];

export async function readSchemaFiles(projectDir: string, files: string[]): Promise<SchemaFiles> {
  return Promise.all(files.map(async (file) => ({ path: relative(projectDir, file) || file, content: withoutConnectionUrls(await readFile(file, 'utf8')) })));
}

/** A Prisma 6 schema keeps `url = env("…")` (and directUrl, shadowDatabaseUrl) in its datasource block; Prisma 7's
 * engine rejects them ("no longer supported in schema files"). They say where to connect, not what the schema is:
 * they are blanked (lines kept, so engine positions still match the file). */
export function withoutConnectionUrls(text: string): string {
  return text.replace(/(datasource\s+\w+\s*\{)([^}]*)(\})/g, (_, open: string, body: string, close: string) =>
    open + body.replace(/^(\s*)(url|directUrl|shadowDatabaseUrl)\s*=.*$/gm, '$1') + close);
}

/** The engine's `MigrationList` for a folder, read through its FileSource (work tree, index or commit). */
export async function migrationList(folder: MigrationFolder, baseDir: string) {
  const lock = await folder.source.read(LOCK_FILE);
  return {
    baseDir,
    lockfile: { path: LOCK_FILE, content: lock.ok ? lock.data.toString('utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      folder.migrations.map(async (m) => {
        const text = m.sqlExists ? await readText(folder, m.sqlPath) : null;
        return {
          path: m.tag,
          migrationFile: { path: 'migration.sql', content: text === null ? { tag: 'error', value: `${m.sqlPath} is missing` } : { tag: 'ok', value: text } },
        };
      }),
    ),
  };
}

export const NO_FILTER = { externalTables: [] as string[], externalEnums: [] as string[] };

/** Runs `fn` with a schema engine connected to `url` (the main database; shadow databases are created next to it),
 * and frees it afterwards. */
export async function withSchemaEngine<T>(
  opts: { projectDir: string; url: string; readOnly?: boolean; schema: SchemaFiles },
  fn: (engine: SchemaEngineHandle) => Promise<T>,
): Promise<T> {
  const [{ module }, adapter] = await Promise.all([loadSchemaEngine(opts.projectDir), createPgAdapterFactory(opts.url, { readOnly: opts.readOnly })]);
  const engine = await module.SchemaEngine.new({ datamodels: opts.schema.map((f) => [f.path, f.content] as [string, string]) }, () => {}, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

/** The engine's one-line-per-change summary of a diff, trimmed; '' when there is no difference. */
export async function diffSummary(engine: SchemaEngineHandle, from: unknown, to: unknown): Promise<string> {
  const result = await engine.diff({ from, to, script: false, exitCode: true, filters: NO_FILTER });
  return result.exitCode === 2 ? (result.stdout ?? '').trim() : '';
}
