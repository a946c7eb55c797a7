import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Where Prisma keeps one project's schema and migrations, found the way the Prisma CLI looks for them. */
export interface PrismaLayout {
  /** The schema: one `.prisma` file, or a folder of them (multi-file schema). */
  schemaPath: string;
  /** The `.prisma` files of the schema, absolute, sorted. */
  schemaFiles: string[];
  migrationsDir: string;
  /** prisma.config.* when one pointed here. */
  configFile?: string;
}

export const PRISMA_CONFIG_FILES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.cts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs'];
/** Prisma's default schema locations, in the order its CLI tries them. */
export const DEFAULT_SCHEMAS = ['prisma/schema.prisma', 'prisma/schema', 'schema.prisma'];

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Every `.prisma` file under a schema folder (sub-folders too, as Prisma reads them). */
function prismaFilesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile() && e.name.endsWith('.prisma'))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .filter((path) => !relative(dir, path).split(/[\\/]/).includes('migrations'))
    .sort();
}

/** A string-valued property of a config file's text, e.g. `schema: "prisma/schema.prisma"`. prisma.config.ts is read
 * as text, not run: it usually loads dotenv and calls env(), which throws where DATABASE_URL is unset. */
function stringProperty(text: string, name: string, after = 0): string | undefined {
  const match = new RegExp(`\\b${name}\\s*:\\s*(['"\`])([^'"\`]+)\\1`).exec(text.slice(after));
  return match?.[2];
}

function configLayout(cwd: string): { schema?: string; migrations?: string; configFile: string } | undefined {
  const name = PRISMA_CONFIG_FILES.find((f) => existsSync(join(cwd, f)));
  if (!name) return undefined;
  const configFile = join(cwd, name);
  const text = readFileSync(configFile, 'utf8');
  const migrationsAt = text.search(/\bmigrations\s*:\s*\{/);
  const schema = stringProperty(text, 'schema');
  const migrations = migrationsAt >= 0 ? stringProperty(text, 'path', migrationsAt) : undefined;
  return { configFile, schema: schema && resolve(cwd, schema), migrations: migrations && resolve(cwd, migrations) };
}

/** The schema file holding the datasource block: Prisma puts `migrations/` next to it by default. */
function datasourceDir(files: string[], fallback: string): string {
  const withDatasource = files.find((f) => /^\s*datasource\s+\w+\s*\{/m.test(readFileSync(f, 'utf8')));
  return withDatasource ? dirname(withDatasource) : fallback;
}

/** The Prisma project in `cwd`, if any: prisma.config.* (`schema`, `migrations.path`), package.json#prisma.schema, or
 * the default locations. Undefined when there is no schema. */
export function discoverPrisma(cwd: string): PrismaLayout | undefined {
  const config = configLayout(cwd);
  let schemaPath = config?.schema;
  if (!schemaPath) {
    try {
      const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { prisma?: { schema?: string } };
      if (typeof pkg.prisma?.schema === 'string') schemaPath = resolve(cwd, pkg.prisma.schema);
    } catch {
      // no package.json, or not JSON: the defaults decide
    }
  }
  schemaPath ??= DEFAULT_SCHEMAS.map((p) => join(cwd, p)).find((p) => existsSync(p));
  if (!schemaPath || !existsSync(schemaPath)) return undefined;
  const folder = isDir(schemaPath);
  const schemaFiles = folder ? prismaFilesUnder(schemaPath) : [schemaPath];
  if (schemaFiles.length === 0) return undefined;
  // Multi-file schemas keep migrations next to the file with the datasource, or next to the schema folder.
  const candidates = folder ? [join(datasourceDir(schemaFiles, schemaPath), 'migrations'), join(schemaPath, 'migrations'), join(dirname(schemaPath), 'migrations')] : [join(dirname(schemaPath), 'migrations')];
  const migrationsDir = config?.migrations ?? candidates.find(isDir) ?? candidates[0];
  return { schemaPath, schemaFiles, migrationsDir, configFile: config?.configFile };
}
