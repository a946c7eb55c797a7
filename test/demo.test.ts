import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.js';

/** `npm start` as a newcomer runs it: no database server (DATABASE_URL unset), the examples committed in the repo. */
describe('npm start: the demo', () => {
  it('shows the healthy project passing and seed 000 caught, says what it demonstrated, exits 0', async () => {
    const run = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts'], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1', FORCE_COLOR: undefined },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => (clearTimeout(timer), resolve({ code, out })));
    });
    const { out } = run;
    expect(out).toContain('✓ verify: no problems — 11 migrations in 1 folder');
    expect(out).toMatch(/0009_assessment-overrides has when \d+ .* not later than 0008_add_overrides .*journal\/when-order/);
    expect(out).toMatch(/0008_add_overrides\.sql leaves assessment_evaluations\.override_by.* missing; the snapshot has them.*replay\/diverges/);
    expect(out).toMatch(/SKIPPED\s+0009_assessment-overrides/);
    expect(out).toMatch(/0009_assessment-overrides is not applied and drizzle will never apply it.*db\/skipped-migration/);
    expect(out).not.toContain('✗');
    expect(out).toContain('Demo passed (exit 0)');
    expect(run.code).toBe(0);
  }, 120_000);
});
