import type { Finding } from '../types.js';

/** drizzle-kit missing (or not loading) makes both sql/not-generated and schema/out-of-sync warn about it; the user
 * needs to hear it once per folder. Keeps the first such warning and names both things that were not compared. */
export function mergeUnavailable(findings: Finding[]): Finding[] {
  const first = new Map<string, Finding>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.key !== 'unavailable' || (f.rule !== 'sql/not-generated' && f.rule !== 'schema/out-of-sync')) {
      out.push(f);
      continue;
    }
    const seen = first.get(f.target ?? '');
    if (!seen) {
      const copy = { ...f };
      first.set(f.target ?? '', copy);
      out.push(copy);
      continue;
    }
    const sql = seen.rule === 'sql/not-generated' ? seen : f;
    const reason = sql.message.slice(sql.message.indexOf(': ') + 2);
    const what = /^the SQL of (.*) was not compared/.exec(sql.message)?.[1];
    seen.message = `${what ? `the SQL of ${what} and the schema were` : 'the schema was'} not compared with drizzle-kit's output: ${reason}`;
    seen.fix = 'Install drizzle-kit in the project (npm i -D drizzle-kit) so driftgate can regenerate migrations and diff the schema.';
  }
  return out;
}
