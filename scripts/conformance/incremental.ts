/** The pre-push replay's incremental path on the real drizzle histories: with the replay cache, the folder without
 * its newest migration is replayed first (the history before a push), then the whole folder (the push). The push
 * must report exactly what a full replay reports, and where the history before it was clean and not empty (only
 * clean states are cached) it must have restored that history and applied the newest migration alone. Runs the built modules in
 * dist/, with a cache directory of its own. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const findingKeys = (findings: { rule: string; tag?: string; key?: string }[]) => findings.map((f) => `${f.rule} ${f.tag ?? ''} ${f.key ?? ''}`).sort();

export async function incrementalConformance(root: string, corpus: string, skipped: Set<string>): Promise<{ checked: number; failed: number }> {
  const dist = (path: string) => import(pathToFileURL(join(root, 'dist', path)).href);
  const [{ replayTarget }, { resolveTargets }, { openFolder }] = await Promise.all([dist('embedded/verify-embedded.js'), dist('config/targets.js'), dist('systems/open-folder.js')]);
  const cache = mkdtempSync(join(tmpdir(), 'driftgate-conformance-cache-'));
  const before = process.env.DRIFTGATE_CACHE_DIR;
  process.env.DRIFTGATE_CACHE_DIR = cache;
  let checked = 0;
  let failed = 0;
  try {
    for (const name of readdirSync(corpus).sort()) {
      if (!existsSync(join(corpus, name, 'meta/_journal.json')) || skipped.has(name)) continue;
      checked++;
      const t0 = performance.now();
      const [target] = await resolveTargets({ cwd: cache, out: join(corpus, name) });
      const folder = await openFolder(target);
      const replay = (f: typeof folder, cached: boolean) => replayTarget(target, f, { fromWorkTree: false, cache: cached, projectDir: cache });
      const full = await replay(folder, false);
      const history = { ...folder, migrations: folder.migrations.slice(0, -1), journal: { ...folder.journal, entries: folder.journal.entries.slice(0, -1) } };
      const prime = await replay(history, true);
      const push = await replay(folder, true);
      const problems: string[] = [];
      if (findingKeys(push.findings).join('\n') !== findingKeys(full.findings).join('\n')) problems.push(`the push reports [${findingKeys(push.findings).join('; ')}], a full replay [${findingKeys(full.findings).join('; ')}]`);
      const restored = `replayed 1/${folder.migrations.length} migrations (${folder.migrations.length - 1} restored from the replay cache)`;
      const cachable = folder.migrations.length > 1 && prime.findings.length === 0;
      if (cachable && !push.notes[0]?.includes(restored)) problems.push(`the history before the push was clean but the push did not restore it: ${push.notes[0]}`);
      const how = cachable ? `${folder.migrations.length - 1} restored, the newest applied` : folder.migrations.length > 1 ? 'replayed whole (its history has findings: not cached)' : 'replayed whole (one migration: no history to cache)';
      if (problems.length) {
        failed++;
        console.log(`✖ incremental ${name}`);
        for (const p of problems) console.log(`    ${p}`);
      } else console.log(`✓ incremental ${name}: ${how}, ${push.findings.length} finding(s) as in a full replay — ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    if (before === undefined) delete process.env.DRIFTGATE_CACHE_DIR;
    else process.env.DRIFTGATE_CACHE_DIR = before;
    rmSync(cache, { recursive: true, force: true });
  }
  return { checked, failed };
}
