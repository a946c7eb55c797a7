/** Loads the project's schema modules in the generator worker the way drizzle-kit does: TypeScript compiled to
 * CommonJS by esbuild (drizzle-kit's own dependency, as its esbuild-register hook does), so `drizzle-orm` is the
 * same CommonJS instance drizzle-kit/api uses. ~0.5 s for a 300-table schema where jiti took ~2.5 s. Modules that
 * cannot load that way (ESM-only syntax: top-level await, import.meta) go through jiti. */
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, any>;
interface Esbuild {
  transformSync(code: string, options: Record<string, unknown>): { code: string };
}

export function createSchemaLoader(projectRoot: string, kitPath: string): (file: string) => Promise<Json> {
  const projectRequire = createRequire(join(projectRoot, 'package.json'));
  let esbuild: Esbuild | undefined;
  try {
    esbuild = createRequire(kitPath)('esbuild') as Esbuild;
  } catch {
    // no esbuild next to drizzle-kit: jiti only
  }
  if (esbuild) {
    const compile = (module: { _compile(code: string, file: string): void }, file: string) => {
      const code = esbuild!.transformSync(readFileSync(file, 'utf8'), { loader: file.endsWith('x') ? 'tsx' : 'ts', format: 'cjs', sourcefile: file, target: `node${process.versions.node.split('.')[0]}` }).code;
      module._compile(code, file);
    };
    const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
    for (const ext of ['.ts', '.cts', '.mts', '.tsx']) extensions[ext] = compile;
  }
  let jiti: { import(file: string): Promise<unknown> } | undefined;
  const viaJiti = async (file: string) => {
    if (!jiti) {
      const { createJiti } = await import('jiti');
      jiti = createJiti(join(projectRoot, 'package.json'), { interopDefault: false, moduleCache: true, fsCache: true });
    }
    return (await jiti.import(file)) as Json;
  };
  return async (file) => {
    if (esbuild) {
      try {
        return projectRequire(file) as Json;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Not CommonJS-compatible (ESM-only syntax or an ESM .js file): jiti handles those. Real errors (a throw in
        // the schema, a missing import) would fail there too and are reported from there.
        if (code !== 'ERR_REQUIRE_ESM' && !(error instanceof SyntaxError) && !/import\.meta|top-level await/i.test(String((error as Error).message))) throw error;
      }
    }
    return viaJiti(file);
  };
}

/** Loads every schema module and merges their exports the way drizzle-kit does (`<file>#<export>` keys); the
 * first module that fails to load becomes the error. */
export async function importSchemaModules(load: (file: string) => Promise<Json>, files: string[]): Promise<{ imports: Record<string, unknown> } | { error: string }> {
  const imports: Record<string, unknown> = {};
  for (const file of files) {
    try {
      for (const [name, value] of Object.entries(await load(file))) imports[`${file}#${name}`] = value;
    } catch (error) {
      return { error: `cannot load schema ${file}: ${String((error as Error).message).split('\n')[0]}` };
    }
  }
  return { imports };
}
