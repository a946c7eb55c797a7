import { Chalk } from 'chalk';
import { schemaVerifiedLine, comparedWithLine } from '../messages.js';
import { summaryLine } from '../messages.js';
import type { Finding } from '../types.js';
import type { VerifyResult } from '../verify.js';
import { visibleResult } from '../reporters/terminal-safe.js';
import { environmentTables } from '../reporters/environments.js';

const SYMBOL = { error: '✖', warn: '⚠', info: 'ℹ' } as const;

/** Schema findings carry `schema.table/kind:name` keys; they go in the per-table table, the rest in a list. */
function tableOf(f: Finding): { table: string; object: string } | undefined {
  if (!f.rule.startsWith('db/') || !f.key || f.tag) return undefined;
  if (['db/no-migrations-table', 'db/unknown-migration'].includes(f.rule)) return undefined;
  const slash = f.key.indexOf('/');
  if (slash < 0) return { table: f.key.replace(/^(enum|view|sequence):/, ''), object: f.key.match(/^(enum|view|sequence):/)?.[1] ?? 'table' };
  return { table: f.key.slice(0, slash), object: f.key.slice(slash + 1).replace(':', ' ') };
}

/** The human report of `driftgate verify`: one quiet line per database when all is well; otherwise the findings,
 * with schema differences as a per-table table. */
export function formatVerify(unsafe: VerifyResult, opts: { color: boolean }): string {
  const result = visibleResult(unsafe);
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const paint = { error: c.red, warn: c.yellow, info: c.cyan } as const;
  const lines: string[] = [];
  const dbByTarget = new Map(result.databases.map((d) => [d.target, d]));
  const groups = new Map<string, Finding[]>();
  for (const f of result.findings) groups.set(f.target ?? '', [...(groups.get(f.target ?? '') ?? []), f]);

  for (const [target, findings] of groups) {
    const db = dbByTarget.get(target);
    lines.push(c.bold(target || 'project') + (db?.comparedWith ? c.dim(`  ${comparedWithLine(db.comparedWith.tag, db.comparedWith.reason)}`) : ''));
    const rows: { table: string; object: string; f: Finding }[] = [];
    for (const f of findings) {
      const place = tableOf(f);
      if (place) {
        rows.push({ ...place, f });
        continue;
      }
      lines.push(`  ${paint[f.severity](SYMBOL[f.severity])} ${f.tag && !f.message.includes(f.tag) ? `${f.tag}: ` : ''}${f.message}  ${c.dim(f.rule)}`);
      if (f.file) lines.push(c.dim(`    at ${f.file}${f.line ? `:${f.line}` : ''}`));
      if (f.fix) lines.push(`    ${c.green('fix:')} ${f.fix}`);
    }
    if (rows.length) {
      rows.sort((a, b) => a.table.localeCompare(b.table) || a.object.localeCompare(b.object));
      const wTable = Math.max(5, ...rows.map((r) => r.table.length));
      const wObject = Math.max(6, ...rows.map((r) => r.object.length));
      lines.push(c.dim(`    ${'table'.padEnd(wTable)}  ${'object'.padEnd(wObject)}  difference`));
      let last = '';
      for (const r of rows) {
        const shownTable = r.table === last ? '' : r.table;
        last = r.table;
        lines.push(`  ${paint[r.f.severity](SYMBOL[r.f.severity])} ${shownTable.padEnd(wTable)}  ${r.object.padEnd(wObject)}  ${r.f.message}  ${c.dim(r.f.rule)}`);
      }
      const fixes = [...new Set(rows.map((r) => r.f.fix).filter(Boolean))];
      for (const fix of fixes) lines.push(`    ${c.green('fix:')} ${fix}`);
    }
    lines.push('');
  }
  lines.push(...environmentTables(result.databases, c));
  for (const note of result.notes) lines.push(note);
  for (const db of result.databases) {
    if (!result.findings.some((f) => f.target === db.target)) lines.push(`${c.green('✓')} ${schemaVerifiedLine(db)}`);
  }
  if (result.findings.length || !result.databases.length) {
    const failed = result.findings.some((f) => f.severity === 'error');
    lines.push(`${failed ? c.red('✖') : c.green('✓')} verify: ${summaryLine(result)}`);
  }
  while (lines[0] === '') lines.shift();
  return lines.join('\n') + '\n';
}
