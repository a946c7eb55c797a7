import type { CheckContext } from '../rules/check-context.js';
import type { Hazard, SafetyRuleId } from '../sql/safety-analysis.js';
import type { Rule, RuleFinding, Severity } from '../types.js';
import type { ChunkTrace } from '../embedded/trace-deploy.js';
import { judgedHazardsOf, scopeOf } from './hazards.js';
import { tracedLocks } from './trace-messages.js';
import type { TableSize } from './safety-scope.js';

/** The words one safety rule contributes to its findings; the frame (statement, file, line, lock, size, the
 * one-transaction note) is shared. */
export interface HazardText {
  /** What the statement does to the object, e.g. "builds an index on public.users". */
  what(h: Hazard): string;
  /** Why that matters on a live database. */
  why(h: Hazard): string;
  /** The recipe that works under drizzle's migrator. */
  fix(h: Hazard): string;
}

/** drizzle-orm's migrate() opens one transaction and runs every pending migration in it. */
export const ONE_TRANSACTION =
  "drizzle's migrator runs all pending migrations in ONE transaction, so a lock taken here is held until the last of them has run";

/** A safety rule: its findings are the analyser's hazards of its id, worded by `text`. */
export function safetyRule(id: SafetyRuleId, severity: Severity, description: string, text: HazardText): Rule<CheckContext> {
  return {
    id,
    severity,
    description,
    async run(ctx) {
      const sizes = scopeOf(ctx).tableSizes;
      const findings: RuleFinding[] = [];
      for (const { hazard: h, trace } of await judgedHazardsOf(ctx)) {
        if (h.rule !== id) continue;
        const size = sizes?.get(h.table.key);
        // An empty table takes its lock for no time and has no rows to fail on; renames and drops still break code.
        if (size && isEmpty(size) && (id.startsWith('lock/') || id.startsWith('data/'))) continue;
        findings.push(hazardFinding(ctx, h, text, size, trace));
      }
      return findings;
    },
  };
}

function hazardFinding(ctx: CheckContext, h: Hazard, text: HazardText, size: TableSize | undefined, trace: ChunkTrace | undefined): RuleFinding {
  const file = ctx.folder.display(h.migration.sqlPath);
  const lockOn = h.referenced && h.referenced.key !== h.table.key ? `${h.table.display} and ${h.referenced.display}` : h.table.display;
  const locks = (trace && tracedLocks(h, trace)) ?? `takes ${h.lock} on ${lockOn}`;
  return {
    tag: h.migration.tag,
    key: `${h.line}:${h.table.key}${h.column ? `.${h.column}` : ''}`,
    file,
    line: h.line,
    message: `${file}:${h.line} \`${h.statement}\` ${text.what(h)}${size ? ` (${describeSize(size)})` : ''}: ${locks}. ${text.why(h)}`,
    fix: text.fix(h),
  };
}

/** No heap page at all: the table has never held a row (reltuples alone may be stale or unknown). */
export function isEmpty(size: TableSize): boolean {
  return size.heapBytes === 0;
}

/** "1.2 GB, ~40 M rows". */
export function describeSize(size: TableSize): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = size.bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) (value /= 1024), unit++;
  const bytes = unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
  if (size.rows < 0) return `${bytes}, never analysed`;
  const rows = size.rows >= 1e9 ? `~${(size.rows / 1e9).toFixed(1)} G` : size.rows >= 1e6 ? `~${Math.round(size.rows / 1e6)} M` : size.rows >= 1e3 ? `~${Math.round(size.rows / 1e3)} k` : `~${Math.round(size.rows)}`;
  return `${bytes}, ${rows} rows`;
}

/** "column public.users.email" or "public.users". */
export function subject(h: Hazard): string {
  return h.column ? `${h.table.display}.${h.column}` : h.table.display;
}
