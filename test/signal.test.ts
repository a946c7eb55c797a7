import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { BIN } from './helpers/paths.js';

/** Ctrl-C / SIGTERM in the middle of an embedded replay: exit 130/143 as the signal would, and no data dir left. */
let project: DrizzleProject;
let temp: string;

beforeAll(async () => {
  project = createDrizzleProject();
  await project.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n`);
  // a long migration: thousands of statements, so the signal lands while the replay runs
  await project.custom('many', Array.from({ length: 4000 }, (_, i) => `INSERT INTO "users" ("name") VALUES ('u${i}');`).join('\n--> statement-breakpoint\n'));
  temp = mkdtempSync(join(tmpdir(), 'dg-signal-'));
});
afterAll(() => {
  project?.cleanup();
  rmSync(temp, { recursive: true, force: true });
});

function verifyUntilStarted(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'verify', '--embedded', '--no-typecheck', '--debug'], {
      cwd: project.dir,
      env: { ...process.env, TMPDIR: temp, NO_COLOR: '1', DATABASE_URL: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && /embedded: started/.test(stderr)) {
        sent = true;
        setTimeout(() => child.kill('SIGTERM'), 200);
      }
    });
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => (clearTimeout(timer), resolve({ code, signal, stderr })));
  });
}

describe('signals', () => {
  it('SIGTERM during the embedded replay: exit 143, no stack trace, nothing left in TMPDIR', async () => {
    const run = await verifyUntilStarted();
    expect(run.stderr).toMatch(/embedded: started/);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(143);
    expect(run.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(readdirSync(temp).filter((n) => n.startsWith('driftgate-pglite-'))).toEqual([]); // TMPDIR is this test's own
  });
});
