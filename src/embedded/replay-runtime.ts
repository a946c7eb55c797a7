import type { DbFinding } from '../db/db-finding.js';
import { debug } from '../debug.js';
import { DriftgateError } from '../errors.js';
import { extensionsIn, extensionsNeeded } from './extensions.js';
import { resolvePreamble, type Preamble, type PreambleSetting } from './preambles/index.js';
import { chainHashes, findCachedState, saveCachedState, type CachedState } from './replay-cache.js';
import { unsupportedFinding } from './replay-messages.js';
import { startEmbedded, type EmbeddedDb } from './start-embedded.js';

/** One migration as the runtime sees it, whatever the migration system. */
export interface RuntimeMigration {
  tag: string;
  /** Display path of its SQL file (for findings). */
  file: string;
  /** Its whole SQL text. */
  sql: string;
  /** drizzle 0.x: the journal `when` the migrator's watermark compares (a cached prefix is only reused when every
   * later migration is newer, i.e. when the migrator applies exactly the rest, as on a clean database). */
  when?: number;
}

export interface RuntimeOptions {
  /** `replay.preamble` from the driftgate config (undefined: detect Supabase). */
  preamble?: PreambleSetting;
  /** Where a preamble file setting is resolved from (the driftgate config's directory). */
  projectDir: string;
  /** Directories where a `supabase/` folder marks a Supabase project. */
  supabaseDirs: string[];
  statementTimeoutMs?: number;
  /** Reuse and save replayed states (incremental replay). `identity` names everything besides the SQL that decides
   * the resulting state: the migrator and its settings. */
  cache?: { identity: string; /** Restore at most this many migrations: the traced ones must be applied here. */ maxRestored?: number };
}

/** An embedded database ready for a replay: extensions loaded, preamble run, maybe a cached prefix restored. */
export interface ReplayRuntime {
  db: EmbeddedDb;
  preamble?: Preamble;
  /** Schemas that exist before the first migration (the preamble's): their objects are the platform's. */
  platformSchemas: string[];
  /** `replay/unsupported`: one per extension the embedded Postgres cannot provide. */
  findings: DbFinding[];
  /** How many migrations (a prefix, in order) the restored state already holds: the migrator skips them. */
  restored: number;
  /** The restored state's own final findings (CachedState.findings); none without a restored state. */
  restoredFindings: DbFinding[];
  /** Closes the database; when `clean` and migrations were applied past the restored prefix (at least SAVE_AFTER
   * of them on a restored one), the final state is cached first (only a state every check passed on is worth
   * reusing), with the final checks' `findings` (info only). */
  finish(clean: boolean, findings?: DbFinding[]): Promise<void>;
}

const SYSTEM_SCHEMAS = /^(pg_|information_schema$|public$)/;

/** A state restored from the cache is saved again only once this many migrations were applied on top of it: writing
 * a state costs as much as applying and comparing about five migrations (300 migrations: ~250 ms against ~20–60 ms
 * each), so a push adding one or two migrations does not pay it, and every later push restores the same state and
 * applies a few more. A replay from an empty database is always saved. */
const SAVE_AFTER = 5;

async function schemas(db: EmbeddedDb): Promise<string[]> {
  const { rows } = await db.pg.query<{ n: string }>('select nspname as n from pg_namespace order by 1');
  return rows.map((r) => r.n).filter((n) => !SYSTEM_SCHEMAS.test(n));
}

/** Starts the embedded database for replaying `migrations`: loads the extensions their SQL (and the preamble) create,
 * runs the preamble, and — with `cache` — starts from the longest cached prefix of them instead of an empty database.
 * A damaged cache entry is deleted and the start repeated from scratch. */
export async function startReplayRuntime(migrations: RuntimeMigration[], opts: RuntimeOptions): Promise<ReplayRuntime> {
  const texts = migrations.map((m) => m.sql);
  const preamble = resolvePreamble(opts.preamble, texts, opts.projectDir, opts.supabaseDirs);
  const needed = extensionsNeeded(texts);
  for (const name of preamble ? extensionsIn(preamble.sql) : []) if (!needed.has(name)) needed.set(name, -1);
  const extensions = [...needed.keys()];
  const hashes = opts.cache ? chainHashes(JSON.stringify({ identity: opts.cache.identity, preamble: preamble?.sql ?? '', extensions }), migrations) : [];
  const usable = prefixUsable(migrations);
  const maxRestored = opts.cache?.maxRestored ?? migrations.length;
  const cached = opts.cache ? findCachedState(hashes, (count) => count <= maxRestored && usable(count)) : undefined;

  let db: EmbeddedDb;
  let restored = 0;
  let platformSchemas: string[] = [];
  try {
    db = await startEmbedded({ extensions, statementTimeoutMs: opts.statementTimeoutMs, from: cached?.file });
    if (cached) {
      restored = cached.count;
      platformSchemas = cached.platformSchemas;
    } else if (preamble) {
      const before = new Set(await schemas(db));
      await runPreamble(db, preamble);
      platformSchemas = (await schemas(db)).filter((s) => !before.has(s));
    }
  } catch (error) {
    if (!cached || error instanceof DriftgateError && /^replay\.preamble/.test(error.message)) throw error;
    debug(`embedded: cached replay state unusable (${(error as Error).message.split('\n')[0]}); replaying from scratch`);
    cached.discard();
    return startReplayRuntime(migrations, opts);
  }
  if (cached) debug(`embedded: restored the replayed state of ${cached.count}/${migrations.length} migrations from the cache`);

  const findings = db.unavailable.map((name) => {
    const at = needed.get(name) ?? -1;
    return unsupportedFinding(name, db.serverVersion, at >= 0 ? migrations[at] : { tag: undefined, file: preamble?.name ?? 'preamble' });
  });
  return {
    db,
    preamble,
    platformSchemas,
    findings,
    restored,
    restoredFindings: cached?.findings ?? [],
    async finish(clean, final = []) {
      const applied = migrations.length - restored;
      const worth = opts.cache && clean && applied > 0 && (restored === 0 || applied >= SAVE_AFTER) && !db.pg.closed;
      if (!worth) return db.close();
      try {
        await saveCachedState(hashes[migrations.length - 1], { count: migrations.length, platformSchemas, findings: final }, (path) => db.dump(path));
      } finally {
        await db.close();
      }
    },
  };
}

/** Whether a cached prefix of `count` migrations is reusable: the migrator, started on it, must apply exactly the
 * rest, as it would on a clean database. With drizzle 0.x's watermark (apply only `when` > the newest applied one)
 * that needs every later `when` newer than all before it. */
function prefixUsable(migrations: RuntimeMigration[]): (count: number) => boolean {
  const maxBefore: number[] = [-Infinity];
  for (const m of migrations) maxBefore.push(Math.max(maxBefore.at(-1)!, m.when ?? -Infinity));
  const minFrom: number[] = [];
  minFrom[migrations.length] = Infinity;
  for (let i = migrations.length - 1; i >= 0; i--) minFrom[i] = Math.min(minFrom[i + 1], migrations[i].when ?? Infinity);
  return (count) => count === migrations.length || minFrom[count] > maxBefore[count];
}

async function runPreamble(db: EmbeddedDb, preamble: Preamble): Promise<void> {
  try {
    await db.pg.exec(preamble.sql);
  } catch (error) {
    await db.close();
    throw new DriftgateError(`replay.preamble ${preamble.name}: ${(error as Error).message}`, preamble.name === 'supabase' ? 'Set replay.preamble to "none" or to your own SQL file in the driftgate config.' : `Fix ${preamble.name}; it runs on the empty embedded database before the first migration.`);
  }
  // SET in the preamble lasts for this session only; ALTER DATABASE ... SET (which a cached state keeps) covers later ones
}
