import { visible } from './terminal-safe.js';
import type { RunResult } from '../result.js';

const escapeData = (s: string) => visible(s.replace(/\r?\n/g, '\u2028')).replace(/\u2028/g, '\n').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands, one per finding, printed when GITHUB_ACTIONS=true. */
export function formatGithub(result: RunResult): string {
  return result.findings
    .map((f) => {
      const level = f.severity === 'error' ? 'error' : f.severity === 'warn' ? 'warning' : 'notice';
      const props = [f.file && `file=${escapeProperty(f.file)}`, f.line && `line=${f.line}`, `title=${escapeProperty(`driftgate ${f.rule}`)}`].filter(Boolean);
      return `::${level} ${props.join(',')}::${escapeData(f.message + (f.fix ? `\nfix: ${f.fix}` : ''))}\n`;
    })
    .join('');
}
