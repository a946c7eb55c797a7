import { Chalk } from 'chalk';
import { staleBaselineLine, summaryLine } from '../messages.js';
import type { RunResult } from '../result.js';
import { visibleResult } from './terminal-safe.js';

const SYMBOL = { error: '✖', warn: '⚠', info: 'ℹ' } as const;

/** Whether to colour: never with NO_COLOR or a non-TTY stream, always with FORCE_COLOR. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** Human report: findings grouped by folder and migration, then one summary line. */
export function formatPretty(unsafe: RunResult, opts: { color: boolean; title?: string }): string {
  const result = visibleResult(unsafe);
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const paint = { error: c.red, warn: c.yellow, info: c.cyan } as const;
  const lines: string[] = [];
  let group = '';
  for (const f of result.findings) {
    const heading = `${f.target ?? ''}${f.tag ? ` › ${f.tag}` : ''}`;
    if (heading !== group) {
      if (lines.length) lines.push('');
      lines.push(c.bold(heading || 'project'));
      group = heading;
    }
    lines.push(`  ${paint[f.severity](SYMBOL[f.severity])} ${f.message}  ${c.dim(f.rule)}`);
    if (f.file) lines.push(c.dim(`    at ${f.file}${f.line ? `:${f.line}` : ''}`));
    if (f.fix) lines.push(`    ${c.green('fix:')} ${f.fix}`);
  }
  if (lines.length) lines.push('');
  for (const note of result.notes) lines.push(note);
  const failed = result.findings.some((f) => f.severity === 'error');
  const mark = failed ? c.red('✖') : c.green('✓');
  lines.push(`${mark} ${opts.title ? `${opts.title}: ` : ''}${summaryLine(result)}`);
  if (result.staleBaseline.length) lines.push(c.dim(staleBaselineLine(result.staleBaseline.length)));
  return lines.join('\n') + '\n';
}
