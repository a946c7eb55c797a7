import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory } from './generate/generate-history.js';
import { schemaSource } from './generate/to-source.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** bench/.cache (ignored by git), or DRIFTGATE_BENCH_CACHE. */
export const CACHE = process.env.DRIFTGATE_BENCH_CACHE ?? join(REPO, 'bench/.cache');
const GENERATOR_DIR = fileURLToPath(new URL('./generate/', import.meta.url));

/** The one history every size is a prefix of: seed and table cap are part of the cache key. */
export const HISTORY = { seed: 20240611, maxTables: 1000 };

/** Changes to the generator or to drizzle-kit invalidate the cache. */
function cacheKey(): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(GENERATOR_DIR).sort()) hash.update(f).update(readFileSync(join(GENERATOR_DIR, f)));
  hash.update(JSON.parse(readFileSync(join(REPO, 'node_modules/drizzle-kit/package.json'), 'utf8')).version);
  hash.update(JSON.stringify(HISTORY));
  return `history-${hash.digest('hex').slice(0, 12)}`;
}

interface Complete {
  migrations: number;
  schemaAt: number[];
  generatedMs: number;
}

/** Sizes whose schema.ts is always kept, so cases with different sizes share one generated history. */
const SCHEMA_SIZES = [1, 10, 50, 100, 300, 1000, 3000];
let planned: number[] = [];
/** The sizes this run will ask for: the history is generated once, one migration past the largest. */
export function planHistory(sizes: number[]): void {
  planned = sizes;
}

export interface BenchProject {
  dir: string;
  /** The migrations folder, relative to dir. */
  out: 'drizzle';
  migrations: number;
  /** The history's full folder (it has at least one migration more than this project). */
  history: string;
  /** Bytes of the newest snapshot. */
  newestSnapshotBytes: number;
  tables: number;
}

/**
 * The bench's drizzle project with the first `size` migrations of the seeded history. The history is generated once
 * up to the largest size needed (cached in bench/.cache); each size is a prefix of it, hard-linked, with the journal
 * cut where drizzle-kit's would have been after that many `generate` runs.
 */
export async function benchProject(size: number, log: (line: string) => void): Promise<BenchProject> {
  const root = join(CACHE, cacheKey());
  const full = join(root, 'full');
  const completeFile = join(full, 'complete.json');
  let complete: Complete | undefined = existsSync(completeFile) ? JSON.parse(readFileSync(completeFile, 'utf8')) : undefined;
  if (!complete || complete.migrations <= size || !complete.schemaAt.includes(size)) {
    const migrations = Math.max(size + 1, ...planned.map((n) => n + 1), complete?.migrations ?? 0);
    const schemaAt = [...new Set([...SCHEMA_SIZES, ...planned, size])].sort((a, b) => a - b);
    // Built aside and swapped in: another bench process may be reading the old one (same seed: same bytes).
    const building = `${full}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    log(`generating a ${migrations}-migration history with drizzle-kit's API (seed ${HISTORY.seed}) into ${root} …`);
    const started = performance.now();
    const tables: Record<number, number> = {};
    await generateHistory({
      out: join(building, 'drizzle'), migrations, ...HISTORY,
      onMigration(index, step) {
        if (!schemaAt.includes(index + 1)) return;
        writeFileSync(join(building, `schema-${index + 1}.ts`), schemaSource(step.schema));
        tables[index + 1] = step.schema.tables.length;
      },
    });
    complete = { migrations, schemaAt, generatedMs: Math.round(performance.now() - started) };
    writeFileSync(join(building, 'tables.json'), JSON.stringify(tables));
    writeFileSync(join(building, 'complete.json'), JSON.stringify(complete));
    const old = `${full}.old-${process.pid}`;
    if (existsSync(full)) renameSync(full, old);
    renameSync(building, full);
    rmSync(old, { recursive: true, force: true });
    log(`generated in ${(complete.generatedMs / 1000).toFixed(1)} s`);
  }
  const dir = join(root, `n${size}`);
  const out = join(dir, 'drizzle');
  const journal = JSON.parse(readFileSync(join(full, 'drizzle/meta/_journal.json'), 'utf8'));
  journal.entries = journal.entries.slice(0, size);
  const newest = journal.entries.at(-1).tag.split('_')[0];
  if (!existsSync(join(dir, '.ready'))) {
    rmSync(dir, { recursive: true, force: true }); // a half-built one from an interrupted run
    mkdirSync(join(out, 'meta'), { recursive: true });
    for (const e of journal.entries) {
      const prefix = e.tag.split('_')[0];
      linkSync(join(full, 'drizzle', `${e.tag}.sql`), join(out, `${e.tag}.sql`));
      linkSync(join(full, 'drizzle/meta', `${prefix}_snapshot.json`), join(out, 'meta', `${prefix}_snapshot.json`));
    }
    writeFileSync(join(out, 'meta/_journal.json'), JSON.stringify(journal, null, 2));
    writeFileSync(join(dir, 'schema.ts'), readFileSync(join(full, `schema-${size}.ts`)));
    // a plain object, no import: drizzle-kit and driftgate both load it without resolving packages
    writeFileSync(join(dir, 'drizzle.config.ts'), "export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n");
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, '.ready'), '');
  }
  const tables = JSON.parse(readFileSync(join(full, 'tables.json'), 'utf8'))[size];
  return { dir, out: 'drizzle', migrations: size, history: join(full, 'drizzle'), newestSnapshotBytes: statSync(join(out, 'meta', `${newest}_snapshot.json`)).size, tables };
}

/** Adds the history's next migration (after the project's last) to a copy of the project in `dir`: what a developer's
 * `drizzle-kit generate` would have written. */
export function writeNextMigration(project: BenchProject, dir: string): string {
  const journal = JSON.parse(readFileSync(join(project.history, 'meta/_journal.json'), 'utf8'));
  const entry = journal.entries[project.migrations];
  journal.entries = journal.entries.slice(0, project.migrations + 1);
  const prefix = entry.tag.split('_')[0];
  writeFileSync(join(dir, 'drizzle', `${entry.tag}.sql`), readFileSync(join(project.history, `${entry.tag}.sql`)));
  writeFileSync(join(dir, 'drizzle/meta', `${prefix}_snapshot.json`), readFileSync(join(project.history, 'meta', `${prefix}_snapshot.json`)));
  writeFileSync(join(dir, 'drizzle/meta/_journal.json'), JSON.stringify(journal, null, 2));
  return entry.tag;
}
