/** Does `driftgate check --upgrade-preview` predict what the REAL drizzle-kit 1.0 `up` does to each corpus folder?
 * Each 0.x folder is copied to a temp project, `up` runs there (test/drizzle-v1's drizzle-kit 1.0), and the result is
 * compared with the plan: the same folder names when up succeeds, a predicted refusal (upgrade/blocked,
 * name-collision, order-change, when-regression) when it refuses. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REFUSALS = new Set(['upgrade/blocked', 'upgrade/name-collision', 'upgrade/order-change', 'upgrade/when-regression']);

export async function upConformance(root: string, corpus: string): Promise<{ checked: number; failed: number }> {
  const kit = join(root, 'test/drizzle-v1/node_modules/drizzle-kit/bin.cjs');
  if (!existsSync(kit)) {
    console.log(`✖ drizzle-kit up: drizzle-kit 1.0 is not installed (${kit}); run npm ci`);
    return { checked: 1, failed: 1 };
  }
  const { loadProject } = await import(join(root, 'dist/project.js'));
  const { openFolder } = await import(join(root, 'dist/systems/open-folder.js'));
  const { planUpgrade } = await import(join(root, 'dist/systems/drizzle-journal/upgrade/plan.js'));
  let checked = 0;
  let failed = 0;
  for (const name of readdirSync(corpus).sort()) {
    if (!existsSync(join(corpus, name, 'meta/_journal.json'))) continue; // not a 0.x folder: nothing for up to do
    const dir = mkdtempSync(join(tmpdir(), 'driftgate-up-'));
    try {
      cpSync(join(corpus, name), join(dir, 'drizzle'), { recursive: true });
      writeFileSync(join(dir, 'drizzle.config.ts'), `export default { dialect: 'postgresql', out: './drizzle' };\n`);
      const preview = spawnSync(process.execPath, [join(root, 'bin/driftgate.js'), 'check', '--upgrade-preview', '--json', '--no-baseline'], { cwd: dir, encoding: 'utf8' });
      const findings: { rule: string }[] = JSON.parse(preview.stdout).findings ?? [];
      const refusalPredicted = findings.some((f) => REFUSALS.has(f.rule));
      const project = await loadProject({ cwd: dir });
      const planned: string[] = planUpgrade(await openFolder(project.targets[0])).moves.map((m: { folder: string }) => m.folder).sort();
      const up = spawnSync(process.execPath, [kit, 'up'], { cwd: dir, encoding: 'utf8' });
      const out = join(dir, 'drizzle');
      const written = readdirSync(out).filter((f) => f !== 'meta' && statSync(join(out, f)).isDirectory()).sort();
      const upOk = up.status === 0 && written.length > 0;
      checked++;
      const match = upOk ? !refusalPredicted && JSON.stringify(written) === JSON.stringify(planned) : refusalPredicted && written.length === 0;
      if (match) console.log(`✓ ${name}: drizzle-kit up ${upOk ? `wrote the ${written.length} predicted folders` : 'refused, as predicted'}`);
      else {
        failed++;
        const why = upOk ? (refusalPredicted ? 'up succeeded, a refusal was predicted' : `folders differ (first: planned ${planned.find((p, i) => p !== written[i])}, written ${written.find((w, i) => w !== planned[i])})`) : `up refused (${String(up.stdout + up.stderr).trim().split('\n').at(-1)}), none was predicted`;
        console.log(`✖ ${name}: drizzle-kit up: ${why}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`drizzle-kit up: matched the prediction on ${checked - failed}/${checked} corpus folders`);
  return { checked, failed };
}
