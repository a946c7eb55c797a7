/** drizzle-kit's `migrations.prefix` modes and the tag prefix each one writes (drizzle-kit prepareMigrationMetadata). */
export type PrefixMode = 'index' | 'timestamp' | 'supabase' | 'unix' | 'none';
export const PREFIX_MODES: readonly PrefixMode[] = ['index', 'timestamp', 'supabase', 'unix', 'none'];

/** The part of a tag before the first `_` — also what drizzle-kit names the snapshot after. */
export function tagPrefix(tag: string): string {
  return tag.split('_')[0];
}

/** The prefix drizzle-kit would write for entry `idx`, or a pattern it must match. */
export function expectedPrefix(mode: PrefixMode, idx: number): { exact?: string; pattern?: RegExp; describe: string } {
  switch (mode) {
    case 'index':
      return { exact: idx.toFixed(0).padStart(4, '0'), describe: `${idx.toFixed(0).padStart(4, '0')} (idx ${idx}, zero-padded)` };
    case 'timestamp':
    case 'supabase':
      return { pattern: /^\d{14}$/, describe: 'a 14-digit UTC timestamp YYYYMMDDHHmmss' };
    case 'unix':
      return { pattern: /^\d{9,11}$/, describe: 'unix seconds' };
    case 'none':
      return { exact: '', describe: 'empty (tag starts with "_")' };
  }
}

/** The numeric prefix of a migration file or tag, when it has one (for duplicate detection). */
export function numericPrefix(name: string): string | undefined {
  const match = /^(\d+)_/.exec(name);
  return match?.[1];
}
