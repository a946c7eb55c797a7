import { executionPlan, type ExecutionPlan } from './execution-plan.js';
import type { SupabaseFile, SupabaseFolder } from './migration-files.js';
import { splitStatements, type CliStatement } from './split-statements.js';

/** A migration file as the CLI would run it. */
export interface ParsedFile {
  text: string;
  statements: CliStatement[];
  plan: ExecutionPlan;
}

/** What the `supabase/*` static rules see. */
export interface SupabaseCheckContext {
  folder: SupabaseFolder;
  /** File names present at the reference commit (HEAD, or the remote's tip in pre-push); undefined outside git. */
  committed?: Set<string>;
  /** How to name that reference in messages (`HEAD`, `origin/main`). */
  committedAt?: string;
  /** Limit SQL rules to these file names (pre-commit: the new ones). Undefined: all. */
  onlyFiles?: Set<string>;
  /** The file split and classified the way the CLI does it (null when unreadable). Cached. */
  parsed(file: SupabaseFile): Promise<ParsedFile | null>;
}

export function parseFile(text: string): ParsedFile {
  const statements = splitStatements(text);
  return { text, statements, plan: executionPlan(text, statements) };
}

export function createSupabaseContext(
  folder: SupabaseFolder,
  opts: Pick<SupabaseCheckContext, 'committed' | 'committedAt' | 'onlyFiles'> = {},
): SupabaseCheckContext {
  const cache = new Map<string, Promise<ParsedFile | null>>();
  return {
    folder,
    ...opts,
    parsed(file) {
      let cached = cache.get(file.name);
      if (!cached) {
        cached = folder.source.read(file.name).then((r) => (r.ok ? parseFile(r.data.toString('utf8')) : null));
        cache.set(file.name, cached);
      }
      return cached;
    },
  };
}

/** Migrations whose SQL the rules read: all the CLI applies, or only those under judgement. */
export function filesInScope(ctx: SupabaseCheckContext): SupabaseFile[] {
  return ctx.onlyFiles ? ctx.folder.migrations.filter((f) => ctx.onlyFiles!.has(f.name)) : ctx.folder.migrations;
}
