import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { NODE_MODULES } from './paths.js';

const exec = promisify(execFile);

/** drizzle-kit / drizzle-orm 1.0.0-rc, installed in the test/drizzle-v1 workspace apart from the root's 0.x pair. */
export const V1_NODE_MODULES = fileURLToPath(new URL('../drizzle-v1/node_modules', import.meta.url));

export const V1_SCHEMA_IMPORTS = `import { pgTable, serial, text, integer, index, uniqueIndex } from 'drizzle-orm/pg-core';\n`;

/** A throwaway drizzle project on the 1.0 toolchain: its node_modules is a symlink to test/drizzle-v1/node_modules,
 * so drizzle.config.ts, the schema, drizzle-kit and the migrator are all 1.0.0-rc. */
export interface DrizzleV1Project {
  dir: string;
  /** Absolute path of the migrations folder. */
  out: string;
  /** Writes schema.ts and runs the real `drizzle-kit generate`; returns the new folder name (undefined: no change).
   * `hints` answer drizzle-kit's rename-or-create questions (its `--hints` flag), e.g. a column rename. */
  generate(schemaSource: string, name: string, hints?: unknown[]): Promise<string | undefined>;
  /** `drizzle-kit generate --custom --name`, then writes `sql` into its migration.sql; returns the folder name. */
  custom(name: string, sql: string): Promise<string>;
  /** `drizzle-kit up` (1.0): upgrades a 0.x folder in place. Resolves with its output, rejects with it on failure. */
  up(): Promise<{ ok: boolean; output: string }>;
  /** Runs drizzle-orm 1.0's real migrator (postgres-js against `url`, or PGlite in memory when url is 'pglite'). */
  migrate(url: string): Promise<{ ok: boolean; output: string }>;
  folders(): string[];
  read(rel: string): string;
  write(rel: string, content: string): void;
  /** A copy of this project (migrations included) in a new temp dir: one broken variant per test. */
  copy(): DrizzleV1Project;
  cleanup(): void;
}

const MIGRATE_SCRIPT = `
const [url, folder] = process.argv.slice(2);
try {
  if (url === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const client = new PGlite();
    await migrate(drizzle({ client }), { migrationsFolder: folder });
    const { rows } = await client.query('select name from drizzle.__drizzle_migrations order by id');
    console.log(JSON.stringify(rows.map((r) => r.name)));
    await client.close();
  } else {
    const postgres = (await import('postgres')).default;
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrate(drizzle({ client }), { migrationsFolder: folder });
      const rows = await client\`select name from drizzle.__drizzle_migrations order by id\`;
      console.log(JSON.stringify(rows.map((r) => r.name)));
    } finally {
      await client.end();
    }
  }
} catch (error) {
  console.error(String(error?.cause?.message ?? error?.message ?? error));
  process.exit(1);
}
`;

export function createDrizzleV1Project(opts: { out?: string; dir?: string } = {}): DrizzleV1Project {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'driftgate-v1-'));
  mkdirSync(dir, { recursive: true });
  const outRel = opts.out ?? 'drizzle';
  const out = join(dir, outRel);
  // node_modules: the 1.0 pair from the workspace, the drivers (postgres, PGlite) from the root install.
  mkdirSync(join(dir, 'node_modules/@electric-sql'), { recursive: true });
  const links: [string, string][] = [
    [join(V1_NODE_MODULES, 'drizzle-kit'), 'drizzle-kit'],
    [join(V1_NODE_MODULES, 'drizzle-orm'), 'drizzle-orm'],
    [join(NODE_MODULES, 'postgres'), 'postgres'],
    [join(NODE_MODULES, '@electric-sql/pglite'), '@electric-sql/pglite'],
  ];
  for (const [from, name] of links) {
    try {
      symlinkSync(from, join(dir, 'node_modules', name), 'dir');
    } catch {
      // already linked
    }
  }
  writeFileSync(join(dir, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './${outRel}' });\n`);
  writeFileSync(join(dir, 'migrate.mjs'), MIGRATE_SCRIPT);
  const run = async (file: string, args: string[]) => {
    try {
      const { stdout, stderr } = await exec(process.execPath, [file, ...args], { cwd: dir, timeout: 60_000 });
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
    }
  };
  const kit = async (args: string[]) => {
    const result = await run(join(V1_NODE_MODULES, 'drizzle-kit/bin.cjs'), args);
    if (!result.ok) throw new Error(`drizzle-kit ${args.join(' ')} failed: ${result.output}`);
  };
  const folders = () => {
    try {
      return readdirSync(out, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'meta').map((e) => e.name).sort();
    } catch {
      return [];
    }
  };
  const added = async (step: () => Promise<void>) => {
    const before = new Set(folders());
    await step();
    const fresh = folders().filter((f) => !before.has(f));
    // drizzle-kit 1.0 names folders by the second; two generations in one second would share a stamp.
    const stamps = new Set([...before].map((f) => f.slice(0, 14)));
    if (fresh[0] && stamps.has(fresh[0].slice(0, 14))) throw new Error(`drizzle-kit generated ${fresh[0]} in the same second as an earlier migration`);
    return fresh[0];
  };
  const project: DrizzleV1Project = {
    dir,
    out,
    generate(schemaSource, name, hints) {
      writeFileSync(join(dir, 'schema.ts'), schemaSource.includes('drizzle-orm/pg-core') ? schemaSource : V1_SCHEMA_IMPORTS + schemaSource);
      return added(() => kit(['generate', '--name', name, ...(hints ? ['--hints', JSON.stringify(hints)] : [])]));
    },
    async custom(name, sql) {
      const folder = (await added(() => kit(['generate', '--custom', '--name', name])))!;
      writeFileSync(join(out, folder, 'migration.sql'), sql);
      return folder;
    },
    up: () => run(join(V1_NODE_MODULES, 'drizzle-kit/bin.cjs'), ['up']),
    migrate: (url) => run(join(dir, 'migrate.mjs'), [url, out]),
    folders,
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    write: (rel, content) => writeFileSync(join(dir, rel), content),
    copy() {
      const target = mkdtempSync(join(tmpdir(), 'driftgate-v1-'));
      for (const name of readdirSync(dir)) if (name !== 'node_modules') cpSync(join(dir, name), join(target, name), { recursive: true });
      return createDrizzleV1Project({ out: outRel, dir: target });
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  return project;
}
