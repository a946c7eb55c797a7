/** The labelled hazards of test/safety/labels.json: `driftgate check --all` on each corpus folder must report every
 * one (rule, file, line). Also prints how many safety findings each folder gets, for docs/benchmarks.md. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

interface Label {
  folder: string;
  file: string;
  line: number;
  rule: string;
  reason: string;
}

const SAFETY = /^(lock|data|destructive|compat)\//;

export function checkSafetyLabels(root: string, corpus: string): number {
  const { labels } = JSON.parse(readFileSync(join(root, 'test/safety/labels.json'), 'utf8')) as { labels: Label[] };
  const folders = [...new Set(labels.map((l) => l.folder))];
  let missing = 0;
  for (const folder of folders) {
    const run = spawnSync(process.execPath, [join(root, 'bin/driftgate.js'), 'check', '--out', join(corpus, folder), '--all', '--json', '--no-baseline'], { cwd: root, encoding: 'utf8' });
    if (!run.stdout) {
      console.log(`✖ safety labels: ${folder}: driftgate failed (exit ${run.status}): ${run.stderr.trim()}`);
      missing++;
      continue;
    }
    const found = new Set(
      (JSON.parse(run.stdout).findings as { rule: string; file?: string; line?: number }[]).filter((f) => SAFETY.test(f.rule)).map((f) => `${f.rule} ${basename(f.file ?? '')}:${f.line}`),
    );
    for (const l of labels.filter((x) => x.folder === folder)) {
      if (found.has(`${l.rule} ${l.file}:${l.line}`)) continue;
      console.log(`✖ safety labels: ${folder}/${l.file}:${l.line} not reported as ${l.rule} (${l.reason})`);
      missing++;
    }
  }
  console.log(`${missing ? '✖' : '✓'} safety labels: ${labels.length - missing} of ${labels.length} labelled hazards reported by check --all`);
  return missing;
}
