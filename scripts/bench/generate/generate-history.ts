import { kitApi } from './drizzle-kit-api.js';
import { evolve, type Kind, type Step } from './evolve.js';
import { createRng } from './rng.js';
import { EMPTY_SCHEMA, inExportOrder, type SchemaModel, type TableModel } from './schema-model.js';
import { createDrizzleBuilder } from './to-drizzle.js';
import { createFolderWriter, statementsToSql, type Journal } from './write-folder.js';

type Snapshot = Record<string, unknown> & { id: string; tables: Record<string, unknown> };

export const ORIGIN_ID = '00000000-0000-0000-0000-000000000000';
/** drizzle-kit's "no snapshot yet" starting point (its dryPg), before the first migration. */
const DRY_SNAPSHOT: Snapshot = {
  version: '7', dialect: 'postgresql', id: ORIGIN_ID, prevId: '', tables: {}, enums: {}, schemas: {}, policies: {}, roles: {}, sequences: {},
  _meta: { schemas: {}, tables: {}, columns: {} },
};
/** The first migration's `when`; later ones follow 20 minutes to 14 hours apart (3,000 migrations ≈ 2.4 years). */
const FIRST_WHEN = Date.UTC(2022, 0, 3, 9, 0, 0);
export const CUSTOM_HEADER = '-- Custom SQL migration file, put your code below! --';

export interface HistoryOptions {
  out: string;
  migrations: number;
  seed: number;
  maxTables: number;
  /**
   * Serialize and diff the whole schema every step, exactly as the CLI does. The default serializes and diffs only
   * the tables a step touched and reuses drizzle-kit's earlier output for the rest — same bytes (the bench tests
   * compare both modes and the CLI), but linear instead of quadratic in the history length.
   */
  wholeSchema?: boolean;
  /** Kinds of change for the first steps after the initial one (the self-check uses this to cover every kind). */
  script?: Kind[];
  /** Called after each migration with its index, the step (schema it leaves, custom SQL) and its tag. */
  onMigration?(index: number, step: Step, tag: string): void;
}

const key = (t: TableModel) => `public.${t.name}`;
/** The entries of `tables` whose keys are in `keys`, in `tables`' order (drizzle-kit emits SQL in snapshot order). */
function pick(tables: Record<string, unknown>, keys: Iterable<string>): Record<string, unknown> {
  const wanted = new Set(keys);
  return Object.fromEntries(Object.entries(tables).filter(([k]) => wanted.has(k)));
}

/**
 * Generates a migration history with the REAL drizzle-kit API: each step evolves the schema model, drizzle-kit
 * serializes it (generateDrizzleJson) and diffs it against the previous snapshot (generateMigration); custom
 * migrations copy the zod-parsed previous snapshot as `generate --custom` does. Deterministic for a seed.
 */
export async function generateHistory(opts: HistoryOptions): Promise<Journal> {
  const api = kitApi();
  const rng = createRng(opts.seed);
  const exportsOf = createDrizzleBuilder();
  const writer = createFolderWriter(opts.out);
  // drizzle-kit's serialization of each table model (models are immutable: a new object means a changed table)
  const serialized = new WeakMap<TableModel, unknown>();
  const parsed = new WeakMap<object, unknown>();
  let schema: SchemaModel = EMPTY_SCHEMA;
  let prev: Snapshot = DRY_SNAPSHOT;
  let when = FIRST_WHEN;

  /** `drizzle-kit generate --custom`: the previous snapshot through drizzle-kit's zod schema, with a new id. */
  const customSnapshot = (id: string): Snapshot => {
    let top: Record<string, unknown>;
    if (opts.wholeSchema) top = api.pgSchema.parse(prev);
    else {
      // zod parses record values independently: parse the frame once and each table once
      top = api.pgSchema.parse({ ...prev, tables: {} });
      const tables: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(prev.tables)) {
        let p = parsed.get(v as object);
        if (!p) {
          p = (api.pgSchema.parse({ ...prev, tables: { [k]: v } }).tables as Record<string, unknown>)[k];
          parsed.set(v as object, p);
          parsed.set(p as object, p);
        }
        tables[k] = p;
      }
      top.tables = tables;
    }
    const { id: _id, prevId: _prevId, ...rest } = top;
    return { id, prevId: prev.id, ...rest } as unknown as Snapshot;
  };

  /** A schema-change migration: the new snapshot and the SQL drizzle-kit generates for it. */
  const schemaStep = async (next: SchemaModel, id: string): Promise<{ snapshot: Snapshot; statements: string[] }> => {
    if (opts.wholeSchema) {
      const { id: _id, prevId: _prevId, ...rest } = api.generateDrizzleJson(exportsOf(next), prev.id);
      const snapshot = { id, prevId: prev.id, ...rest } as Snapshot;
      return { snapshot, statements: await api.generateMigration(prev, snapshot) };
    }
    const changed = next.tables.filter((t) => !serialized.has(t));
    const json = api.generateDrizzleJson(exportsOf(next, new Set(changed)), prev.id) as unknown as Snapshot;
    for (const t of changed) serialized.set(t, json.tables[key(t)]);
    const { id: _id, prevId: _prevId, ...rest } = json;
    const snapshot = { id, prevId: prev.id, ...rest, tables: Object.fromEntries(inExportOrder(next.tables).map((t) => [key(t), serialized.get(t)])) } as Snapshot;
    const nextNames = new Set(next.tables.map(key));
    const touched = [...changed.map(key), ...schema.tables.map(key).filter((k) => !nextNames.has(k))];
    const statements = await api.generateMigration({ ...prev, tables: pick(prev.tables, touched) }, { ...snapshot, tables: pick(snapshot.tables, touched) });
    return { snapshot, statements };
  };

  while (writer.journal.entries.length < opts.migrations) {
    const index = writer.journal.entries.length;
    const step = evolve(schema, rng, index, opts.maxTables, index > 0 ? opts.script?.[index - 1] : undefined);
    const id = rng.uuid();
    let snapshot: Snapshot;
    let sql: string;
    if (step.customSql !== undefined) {
      snapshot = customSnapshot(id);
      sql = `${CUSTOM_HEADER}\n${step.customSql}\n`;
    } else {
      const result = await schemaStep(step.schema, id);
      schema = step.schema;
      // drizzle-kit writes nothing when nothing changed: keep the schema and draw the next step
      if (result.statements.length === 0) continue;
      snapshot = result.snapshot;
      sql = statementsToSql(result.statements);
    }
    when += rng.int(20, 14 * 60) * 60_000;
    const tag = writer.add({ name: step.name, when, snapshot, sql });
    schema = step.schema;
    prev = snapshot;
    opts.onMigration?.(index, step, tag);
  }
  writer.finish();
  return writer.journal;
}
