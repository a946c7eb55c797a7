import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export interface KitApi {
  generateDrizzleJson(imports: Record<string, unknown>, prevId?: string): Record<string, unknown> & { id: string; prevId: string; tables: Record<string, unknown> };
  generateMigration(prev: unknown, cur: unknown): Promise<string[]>;
  /** drizzle-kit's zod schema for a v7 pg snapshot: `generate --custom` writes the PARSED previous snapshot. */
  pgSchema: { parse(value: unknown): Record<string, unknown> };
}

let loaded: KitApi | undefined;

/**
 * The real `drizzle-kit/api` module, loaded once, with one internal exposed: the zod `pgSchema` that
 * `drizzle-kit generate --custom` runs over the previous snapshot (its key order is what the CLI writes). Nothing of
 * drizzle-kit's behaviour is re-implemented here; the bench self-check compares our folders with the CLI's byte for byte.
 */
export function kitApi(): KitApi {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const path = require.resolve('drizzle-kit/api');
  const Module = require('node:module') as any;
  const mod = new Module(path, null);
  mod.filename = path;
  mod.paths = Module._nodeModulePaths(dirname(path));
  mod._compile(`${readFileSync(path, 'utf8')}\nmodule.exports.__pgSchema = (init_pgSchema(), pgSchema);\n`, path);
  const api = mod.exports;
  loaded = { generateDrizzleJson: api.generateDrizzleJson, generateMigration: api.generateMigration, pgSchema: api.__pgSchema };
  return loaded;
}
