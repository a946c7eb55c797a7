import { allRules } from '../../rules/all-rules.js';
import type { CliArgs } from '../args.js';

export async function run(args: CliArgs): Promise<number> {
  const rows = allRules().map((r) => ({ id: r.id, severity: r.severity, description: r.description }));
  if (args.values.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else for (const r of rows) process.stdout.write(`${r.id.padEnd(34)} ${r.severity.padEnd(5)} ${r.description}\n`);
  return 0;
}
