import { strongest, type ChunkTrace } from '../embedded/trace-deploy.js';
import type { Hazard } from '../sql/safety-analysis.js';

/** What the trace saw the hazard's statement do to its tables, for the finding's message in place of the lock the
 * text implies: "took SHARE on public.users (traced on embedded Postgres 17)". Undefined when the trace saw no lock
 * on them (then the text's lock stands). */
export function tracedLocks(h: Hazard, chunk: ChunkTrace): string | undefined {
  const tables = h.referenced && h.referenced.key !== h.table.key ? [h.table, h.referenced] : [h.table];
  const parts = tables.flatMap((t) => {
    const took = strongest(chunk.took[t.key] ?? []);
    if (took) return [`took ${took} on ${t.display}`];
    const held = chunk.held[t.key];
    return held ? [`ran under ${held} on ${t.display} (taken earlier in this deploy and still held)`] : [];
  });
  if (parts.length === 0) return undefined;
  const traced = `traced on embedded Postgres ${chunk.server}`;
  if (h.rule !== 'lock/table-rewrite') return `${parts.join(' and ')} (${traced})`;
  return chunk.rewrote.includes(h.table.key)
    ? `${parts.join(' and ')} and rewrote ${h.table.display} (${traced}: its relfilenode changed)`
    : `${parts.join(' and ')} (${traced}: it kept its relfilenode, but Postgres before 11, the target, rewrites the table here)`;
}
