/** What the conformance parts share: running driftgate on a corpus folder and comparing findings (rule id + tag). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface Expected {
  rule: string;
  tag?: string | null;
  why: string;
}

export const key = (f: { rule: string; tag?: string | null }) => `${f.rule} ${f.tag ?? '-'}`;
const counts = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
/** What a replay or database check reports about the history (static rules are checked by the first part). */
export const judged = (f: { rule: string; severity: string }) => /^(replay|db)\//.test(f.rule) && f.severity !== 'info';

export function diff(actualKeys: string[], expected: Expected[]): string[] {
  const actual = counts(actualKeys);
  const wanted = counts(expected.map(key));
  return [
    ...[...wanted].filter(([k, n]) => (actual.get(k) ?? 0) < n).map(([k]) => `missing: ${k}`),
    ...[...actual].filter(([k, n]) => (wanted.get(k) ?? 0) < n).map(([k]) => `unexpected: ${k}`),
  ];
}

export function driftgate(root: string, args: string[]) {
  return spawnSync(process.execPath, [join(root, 'bin/driftgate.js'), ...args, '--json', '--no-baseline', '--skip', 'schema,typecheck'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
}
