import type { Target } from '../../../config/targets.js';
import type { DbFinding } from '../../../db/db-finding.js';
import { extensionsNeeded } from '../../../embedded/extensions.js';
import type { EmbeddedPg } from '../../../embedded/host/worker-host.js';
import type { ReplayOutcome } from '../../../embedded/replay-outcome.js';
import type { MigrationFolder } from '../../../folder/migration-folder.js';
import type { PreparedReplay } from '../../migration-system.js';
import { timed } from '../../../debug.js';
import { diffSummary, migrationList, NO_FILTER, readSchemaFiles } from '../engine/engine-session.js';
import { overEmbedded, startEnginePg, type EnginePg } from '../engine/engine-pglite.js';
import { lastEnginePanic, loadSchemaEngine } from '../engine/load-engine.js';
import { createPgliteAdapterFactory } from '../engine/pglite-adapter.js';
import { PRISMA_TABLE } from '../load-folder.js';
import { schemaLabel } from '../schema-label.js';
import { attribute, summaryItems } from './attribute.js';
import { divergesFindings, failedFinding, type ScriptError } from './replay-messages.js';

/** The replayed database as the engine's adapter sees it, remembering the last script that failed (the engine's own
 * error loses Postgres' position, which gives the line). */
function watched(pg: EmbeddedPg): EnginePg & { lastError?: ScriptError } {
  const db: EnginePg & { lastError?: ScriptError } = {
    ...overEmbedded(pg),
    async exec(script) {
      try {
        return await pg.exec(script);
      } catch (error) {
        db.lastError = { script, error: error as ScriptError['error'] };
        throw error;
      }
    },
  };
  return db;
}

/** The replay of a Prisma Migrate folder: Prisma's own schema engine applies the migrations to the embedded Postgres
 * (`applyMigrations`, what `prisma migrate deploy` runs: each migration.sql as one script, recorded in
 * _prisma_migrations), then diffs the result with schema.prisma (`schemaDatasource` → `schemaDatamodel`). A
 * difference is attributed to the migration that last made a statement about the object (see docs/prisma.md). */
export async function preparePrismaReplay(target: Target, folder: MigrationFolder): Promise<PreparedReplay> {
  const loaded = await loadSchemaEngine(target.root);
  const version = loaded.module.version();
  const schemaFile = schemaLabel(target);
  const notes: string[] = [];
  if (!schemaFile) notes.push('no schema.prisma found: the replayed migrations were not compared with a schema');
  return {
    migrator: `prisma-schema-engine-${version}`,
    comparedWith: schemaFile ? `schema (${schemaFile}, by Prisma's schema engine)` : 'schema (none)',
    notes,
    async run(pg) {
      const started = performance.now();
      const list = await migrationList(folder, target.outDir);
      const sqls = list.migrationDirectories.map((d) => (d.migrationFile.content.tag === 'ok' ? d.migrationFile.content.value : ''));
      const schema = target.schema.length ? await readSchemaFiles(target.root, target.schema) : [];
      const db = watched(pg);
      const extensions = [...extensionsNeeded(sqls).keys()];
      const adapter = await createPgliteAdapterFactory(async () => db, () => startEnginePg(extensions));
      const engine = await loaded.module.SchemaEngine.new({ datamodels: schema.length ? schema.map((f) => [f.path, f.content] as [string, string]) : undefined }, () => {}, adapter);
      const outcome = (findings: DbFinding[], applied: number, compared: number): ReplayOutcome => ({
        findings, total: folder.migrations.length, applied, compared, via: `Prisma's schema engine ${version} (applyMigrations)`, ms: performance.now() - started,
      });
      try {
        let failure: Error | undefined;
        try {
          await timed('prisma applyMigrations', () => engine.applyMigrations({ migrationsList: list, filters: NO_FILTER }));
        } catch (error) {
          failure = error as Error;
        }
        const rows = pg.closed ? [] : (await pg.query<{ name: string; ok: boolean }>(`select migration_name as name, finished_at is not null and rolled_back_at is null as ok from public.${PRISMA_TABLE}`).catch(() => ({ rows: [] }))).rows;
        const applied = rows.filter((r) => r.ok).length;
        if (failure) {
          const failedName = rows.find((r) => !r.ok)?.name ?? /Migration name: (\S+)/.exec(failure.message)?.[1];
          const at = folder.migrations.findIndex((m) => m.tag === failedName);
          const reason = lastEnginePanic() || failure.message;
          return outcome([failedFinding(folder, at >= 0 ? at : applied, db.lastError, reason, await standIns(pg))], applied, 0);
        }
        if (!schema.length) return outcome([], applied, 0);
        const summary = await timed('prisma diff replayed → schema', () => diffSummary(engine, { tag: 'schemaDatasource', files: schema, configDir: target.root }, { tag: 'schemaDatamodel', files: schema }));
        return outcome(summary ? divergesFindings(folder, attribute(summaryItems(summary), sqls), schemaFile!) : [], applied, 1);
      } finally {
        engine.free();
      }
    },
  };
}

/** Extensions the embedded Postgres has only as empty stand-ins (the replay runtime's). */
async function standIns(pg: EmbeddedPg): Promise<string[]> {
  if (pg.closed) return [];
  const { rows } = await pg.query<{ name: string }>("SELECT name FROM pg_catalog.pg_available_extensions WHERE comment LIKE 'stub created by driftgate%' ORDER BY 1");
  return rows.map((r) => r.name);
}

