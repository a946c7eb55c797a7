import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { debug, timed } from '../debug.js';
import { DriftgateError } from '../errors.js';

/** Loads a config file's default export: JSON directly, JS natively, TypeScript through jiti (loaded only then),
 * resolving imports from the project, as drizzle-kit's own config loader does. */
export async function loadModule(file: string): Promise<unknown> {
  return timed(`load ${file}`, async () => {
    try {
      if (file.endsWith('.json')) return JSON.parse(await readFile(file, 'utf8'));
      if (/\.(c|m)?js$/.test(file)) {
        const mod = await import(pathToFileURL(file).href);
        return mod.default ?? mod;
      }
      // require(), not import(): importing jiti's CommonJS build from ESM runs Node's export lexer over ~2 MB (~25 ms).
      const { createJiti } = createRequire(import.meta.url)('jiti') as typeof import('jiti');
      const stub = fileURLToPath(new URL('./drizzle-kit-stub.js', import.meta.url));
      const jiti = createJiti(file, { interopDefault: true, moduleCache: false, fsCache: true, alias: { 'drizzle-kit': stub } });
      return await jiti.import(file, { default: true });
    } catch (error) {
      debug(String((error as Error)?.stack ?? error));
      const message = String((error as Error)?.message ?? error).split('\n')[0];
      throw new DriftgateError(`cannot load ${file}: ${message}`);
    }
  });
}
