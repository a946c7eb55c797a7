import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NODE_MODULES } from './paths.js';

const exec = promisify(execFile);

export interface DrizzleProjectOptions {
  /** drizzle.config `migrations.prefix`. */
  prefix?: 'index' | 'timestamp' | 'supabase' | 'unix' | 'none';
  /** Folder name under the temp dir (test paths with spaces/unicode). */
  name?: string;
  /** Migrations folder, relative to the project. Default "drizzle". */
  out?: string;
  /** Extra drizzle.config fields (JSON-serialisable). */
  config?: Record<string, unknown>;
  /** Create the project in this directory instead of a fresh temp dir. */
  dir?: string;
}

/** A throwaway drizzle project whose migrations are made by the REAL drizzle-kit CLI from schema files. */
export interface DrizzleProject {
  dir: string;
  options: DrizzleProjectOptions;
  out: string;
  /** Writes schema.ts and runs `drizzle-kit generate`; returns the new tag (or undefined when nothing changed). */
  generate(schemaSource: string, name?: string): Promise<string | undefined>;
  /** `drizzle-kit generate --custom`, then writes `sql` into the new file; returns the tag. */
  custom(name: string, sql?: string): Promise<string>;
  journal(): { version: string; dialect: string; entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] };
  writeJournal(journal: unknown): void;
  read(rel: string): string;
  write(rel: string, content: string): void;
  cleanup(): void;
}

export const SCHEMA_IMPORTS = `import { pgTable, pgEnum, pgSchema, serial, text, integer, bigint, boolean, timestamp, uuid, varchar, jsonb, index, uniqueIndex, primaryKey, foreignKey, unique, check } from 'drizzle-orm/pg-core';\nimport { sql } from 'drizzle-orm';\n`;

export function createDrizzleProject(opts: DrizzleProjectOptions = {}): DrizzleProject {
  const base = opts.dir ?? mkdtempSync(join(tmpdir(), 'driftgate-'));
  const dir = opts.name ? join(base, opts.name) : base;
  mkdirSync(dir, { recursive: true });
  const out = opts.out ?? 'drizzle';
  try {
    symlinkSync(NODE_MODULES, join(dir, 'node_modules'), 'dir');
  } catch {
    // already linked
  }
  const config = { dialect: 'postgresql', schema: './schema.ts', out: `./${out}`, ...(opts.prefix ? { migrations: { prefix: opts.prefix } } : {}), ...opts.config };
  writeFileSync(join(dir, 'drizzle.config.ts'), `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig(${JSON.stringify(config, null, 2)});\n`);
  const kit = async (args: string[]) => {
    const { stdout, stderr } = await exec(process.execPath, [join(NODE_MODULES, 'drizzle-kit/bin.cjs'), ...args], { cwd: dir, timeout: 60_000 });
    // drizzle-kit exits 0 even when its rename prompt cannot open without a TTY: treat that as the failure it is.
    if (/^Error/m.test(stderr)) throw new Error(`drizzle-kit ${args.join(' ')} failed: ${stderr.split('\n')[0]}`);
    return stdout;
  };
  const lastTag = () => {
    try {
      return JSON.parse(readFileSync(join(dir, out, 'meta/_journal.json'), 'utf8')).entries.at(-1)?.tag as string | undefined;
    } catch {
      return undefined;
    }
  };
  const project: DrizzleProject = {
    dir,
    options: opts,
    out: join(dir, out),
    async generate(schemaSource, name) {
      const before = lastTag();
      writeFileSync(join(dir, 'schema.ts'), schemaSource.includes('drizzle-orm/pg-core') ? schemaSource : SCHEMA_IMPORTS + schemaSource);
      await kit(['generate', ...(name ? ['--name', name] : [])]);
      const after = lastTag();
      return after !== before ? after : undefined;
    },
    async custom(name, sql) {
      await kit(['generate', '--custom', '--name', name]);
      const tag = lastTag()!;
      if (sql !== undefined) writeFileSync(join(dir, out, `${tag}.sql`), sql);
      return tag;
    },
    journal: () => JSON.parse(readFileSync(join(dir, out, 'meta/_journal.json'), 'utf8')),
    writeJournal: (journal) => writeFileSync(join(dir, out, 'meta/_journal.json'), JSON.stringify(journal, null, 2)),
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    write: (rel, content) => writeFileSync(join(dir, rel), content),
    cleanup: () => rmSync(opts.dir ?? base, { recursive: true, force: true }),
  };
  return project;
}
