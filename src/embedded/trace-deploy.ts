import type { EmbeddedQueryable } from './host/worker-host.js';
import { chunkLine } from './migration-meta.js';

/** Postgres table lock modes, weakest first, as the docs ("Explicit Locking") name them. */
export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** What one chunk (the text drizzle's migrator runs in one call) did to the tables, read around it inside the
 * deploy's transaction. Table keys are `schema.name`, as the safety analysis spells them. */
export interface ChunkTrace {
  tag: string;
  /** Major version of the Postgres that ran it. */
  server: number;
  chunk: number;
  /** 1-based lines of the SQL file the chunk spans. */
  fromLine: number;
  toLine: number;
  /** Modes on each table that the session did not hold before the chunk ran. */
  took: Record<string, LockMode[]>;
  /** The strongest mode held on each table after the chunk: a lock taken earlier in the deploy is held too. */
  held: Record<string, LockMode>;
  /** Tables that existed when the deploy started and whose relfilenode the chunk changed: rewritten. */
  rewrote: string[];
}

/** The trace of the migrations a deploy applies (the new ones), all in one migrator run. */
export interface DeployTrace {
  /** Major version of the Postgres that ran them. */
  server: number;
  /** Migration tags traced, in apply order. */
  tags: string[];
  chunks: ChunkTrace[];
}

interface TableState {
  /** oid → `schema.name` and relfilenode, for every user table. */
  files: Map<string, { name: string; file: string }>;
  /** `schema.name` → modes held by this session. */
  locks: Map<string, Set<LockMode>>;
}

const USER_SCHEMA = `n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`;

// One round trip: the session's relation locks on user tables, and every user table's relfilenode.
const STATE_SQL = `
select 'lock' as what, l.relation::text as oid, n.nspname || '.' || c.relname as name, l.mode as value
  from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
  where l.pid = pg_backend_pid() and l.locktype = 'relation' and l.granted and c.relkind in ('r', 'p', 'm') and ${USER_SCHEMA}
union all
select 'file', c.oid::text, n.nspname || '.' || c.relname, c.relfilenode::text
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'm') and ${USER_SCHEMA}`;

/** "AccessExclusiveLock" → "ACCESS EXCLUSIVE". */
export function lockModeName(pgMode: string): LockMode | undefined {
  const name = pgMode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  return (LOCK_MODES as readonly string[]).includes(name) ? (name as LockMode) : undefined;
}

export function strongest(modes: Iterable<LockMode>): LockMode | undefined {
  let best = -1;
  for (const m of modes) best = Math.max(best, LOCK_MODES.indexOf(m));
  return best < 0 ? undefined : LOCK_MODES[best];
}

async function readState(db: EmbeddedQueryable): Promise<TableState> {
  const { rows } = await db.query<{ what: string; oid: string; name: string; value: string }>(STATE_SQL);
  const state: TableState = { files: new Map(), locks: new Map() };
  for (const r of rows) {
    if (r.what === 'file') state.files.set(r.oid, { name: r.name, file: r.value });
    else {
      const mode = lockModeName(r.value);
      if (!mode) continue;
      let modes = state.locks.get(r.name);
      if (!modes) state.locks.set(r.name, (modes = new Set()));
      modes.add(mode);
    }
  }
  return state;
}

/** Records, for each chunk of the traced migrations, the locks it took and the tables it rewrote. It runs inside
 * the migrator's transaction, so the one-transaction semantics stay: a lock is held until the deploy commits, and
 * each chunk's own locks are the difference from the state before it. */
export class DeployTracer {
  private chunks: ChunkTrace[] = [];
  private tags: string[] = [];
  /** A chunk of an untraced (history) migration ran in this migrator run: its locks are still held, so this run's
   * locks are not the deploy's. */
  private mixed = false;
  /** Tables (by oid) that existed when the first traced chunk ran: only their rewrites are hazards. */
  private existing: Map<string, string> | undefined;
  private last: TableState | undefined;

  constructor(
    /** The tag of migration `index` when it is one to trace. */
    private readonly tracedTag: (index: number) => string | undefined,
    private readonly sqlOf: (index: number) => string[],
  ) {}

  private server = 0;

  wants(index: number): boolean {
    return this.tracedTag(index) !== undefined;
  }

  /** A migrator run (one transaction) starts. */
  begin(): void {
    this.mixed = false;
    this.last = undefined;
  }

  /** A chunk of a migration not traced ran in this run. */
  untraced(): void {
    this.mixed = true;
  }

  /** Whether the deploy was recorded (by a run that applied only the traced migrations). */
  traced(): boolean {
    return this.chunks.length > 0;
  }

  clear(): void {
    this.chunks = [];
    this.tags = [];
    this.existing = undefined;
  }

  /** Runs chunk `chunk` of migration `index` through `run`, reading the tables before and after it on `db` (the
   * migrator's transaction). A migration traced once (the first run that applied it) is not traced again. */
  async around<T>(db: EmbeddedQueryable, index: number, chunk: number, run: () => Promise<T>): Promise<T> {
    const tag = this.tracedTag(index);
    if (tag === undefined || this.mixed || this.chunks.some((c) => c.tag === tag && c.chunk === chunk)) return run();
    if (!this.server) this.server = Number((await db.query<{ v: string }>(`select current_setting('server_version_num') as v`)).rows[0]?.v ?? 0) / 10000 | 0;
    const before = this.last ?? (await readState(db));
    this.existing ??= new Map([...before.files].map(([oid, t]) => [oid, t.name]));
    const result = await run();
    const after = await readState(db);
    this.last = after;
    if (!this.tags.includes(tag)) this.tags.push(tag);
    this.chunks.push(this.describe(tag, index, chunk, before, after));
    return result;
  }

  /** Something other than a traced chunk ran (the tracking-row insert) or a chunk failed: the next chunk's
   * "before" is read afresh. */
  forget(): void {
    this.last = undefined;
  }

  private describe(tag: string, index: number, chunk: number, before: TableState, after: TableState): ChunkTrace {
    const sql = this.sqlOf(index);
    const fromLine = chunkLine({ sql }, chunk);
    const toLine = chunkLine({ sql }, chunk, (sql[chunk] ?? '').trimEnd().length);
    const took: Record<string, LockMode[]> = {};
    const held: Record<string, LockMode> = {};
    for (const [table, modes] of after.locks) {
      const had = before.locks.get(table);
      const fresh = [...modes].filter((m) => !had?.has(m));
      if (fresh.length) took[table] = fresh.sort((a, b) => LOCK_MODES.indexOf(b) - LOCK_MODES.indexOf(a));
      held[table] = strongest(modes)!;
    }
    const rewrote: string[] = [];
    for (const [oid, was] of before.files) {
      const now = after.files.get(oid);
      if (now && this.existing!.has(oid) && now.file !== was.file) rewrote.push(now.name);
    }
    return { tag, server: this.server, chunk, fromLine, toLine, took, held, rewrote };
  }

  result(): DeployTrace {
    return { server: this.server, tags: [...this.tags], chunks: [...this.chunks] };
  }
}

/** The tracer of a replay asked to trace `fresh` (by tag), and where the deploy starts: the first migration in
 * apply order that is fresh; it and every later one run in the deploy's transaction. None when nothing is fresh. */
/** A tracer, and the index of the first migration of the deploy it traces. */
export interface DeployTracing {
  tracer: DeployTracer;
  deployFrom: number;
}

export function deployTracer(tags: (string | undefined)[], sqlOf: (index: number) => string[], fresh: Set<string> | undefined): DeployTracing | undefined {
  if (!fresh?.size) return undefined;
  const deployFrom = tags.findIndex((t) => t !== undefined && fresh.has(t));
  if (deployFrom < 0) return undefined;
  return { tracer: new DeployTracer((i) => (i >= deployFrom ? tags[i] : undefined), sqlOf), deployFrom };
}

/** "traced the deploy of 2 new migrations (7 statements in one transaction): the lock rules state the locks and
 * rewrites Postgres 17 performed". */
export function tracedNote(trace: DeployTrace): string {
  const n = trace.tags.length;
  return `traced the deploy of ${n} new migration${n === 1 ? '' : 's'} (${trace.chunks.length} statement${trace.chunks.length === 1 ? '' : 's'} in one transaction): the lock rules state the locks and rewrites Postgres ${trace.server} performed`;
}
