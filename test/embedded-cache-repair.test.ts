import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

// A cached data dir that no longer starts (a file deleted by hand, a full disk while it was written) must not fail
// every later run: the next run builds it again and says so.
const cache = mkdtempSync(join(tmpdir(), 'dg-cache-repair-'));
const env = { DRIFTGATE_CACHE_DIR: cache, DATABASE_URL: undefined };
const project = join(REPO_ROOT, 'examples/assessments-healthy');
const verify = () => runCli(['verify', '--skip', 'typecheck,schema'], { cwd: project, env, timeoutMs: 120_000 });

afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('a damaged embedded Postgres cache repairs itself', () => {
  it('a truncated cached data dir (a full disk) is rebuilt on the next run, which passes', async () => {
    const first = await verify();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('initialised the cached data dir');
    const template = readdirSync(cache).find((f) => f.startsWith('pglite-') && f.endsWith('.tar'));
    expect(template).toBeDefined();
    truncateSync(join(cache, template!), Math.floor(statSync(join(cache, template!)).size / 2));

    const repaired = await verify();
    expect(repaired.stderr).toBe('');
    expect(repaired.stdout).toContain('initialised the cached data dir');
    expect(repaired.stdout).toContain('replayed 11/11 migrations');
    expect(repaired.code).toBe(0);
  }, 240_000);
});
