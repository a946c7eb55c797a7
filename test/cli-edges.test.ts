import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBaseProject, type BaseProject } from './helpers/base-project.js';
import { editJournal } from './helpers/mutations.js';
import { BIN } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

/** Runs the CLI with its stdout pipe closed by the reader before it writes (`driftgate rules | head -0`). */
function withClosedStdout(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('CLI edges', () => {
  let p: BaseProject;
  beforeAll(async () => {
    p = await makeBaseProject({ steps: 2 });
  });
  afterAll(() => p.cleanup());

  it('every command survives a reader that closed the pipe: no EPIPE stack, its own exit code', async () => {
    for (const args of [['rules'], ['rules', '--json'], ['check'], ['--help']]) {
      const run = await withClosedStdout(args, p.dir);
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.code, args.join(' ')).toBe(0);
    }
  });

  it('an unknown option: "unknown option --dbb", a suggestion and the usage line, exit 2', async () => {
    const run = await runCli(['verify', '--dbb', 'postgres://x'], { cwd: p.dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual(['driftgate: unknown option --dbb (did you mean --db?)', 'Usage: driftgate <command> [options] (driftgate --help lists the commands and options)', '']);
    const missing = await runCli(['check', '--out'], { cwd: p.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('driftgate: option --out needs a value');
  });

  it('--json with exit 2 prints {version, ok: false, error} on stdout', async () => {
    const usage = await runCli(['check', '--json', '--nope'], { cwd: p.dir });
    expect(usage.code).toBe(2);
    expect(usage.json()).toEqual({ version: 1, ok: false, command: 'check', error: { message: 'unknown option --nope', hint: expect.stringMatching(/^Usage: driftgate/) } });
    const noConfig = await runCli(['check', '--json'], { cwd: '/' });
    expect(noConfig.code).toBe(2);
    expect(noConfig.json()).toMatchObject({ version: 1, ok: false, command: 'check', error: { message: expect.stringMatching(/^no drizzle\.config\.\*, Prisma schema or supabase\/ folder in \//) } });
    const unknownCommand = await runCli(['chek', '--json'], { cwd: p.dir });
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.json()).toMatchObject({ ok: false, error: { message: 'unknown command "chek"' } });
  });

  it('a failing check says ok: false in --json and exits 1', async () => {
    const broken = await makeBaseProject({ steps: 2 });
    try {
      editJournal(broken, (j) => {
        j.entries[1].when = j.entries[0].when - 1;
      });
      const run = await runCli(['check', '--json'], { cwd: broken.dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(run.json()).toMatchObject({ ok: false, findings: [{ rule: 'journal/when-order', tag: broken.tags[1] }] });
    } finally {
      broken.cleanup();
    }
  });

  it('finds drizzle.config.ts upward from a sub-folder, and stops at the repository root', async () => {
    const sub = join(p.dir, 'src', 'db');
    mkdirSync(sub, { recursive: true });
    const run = await runCli(['check', '--json'], { cwd: sub });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.json().stats).toMatchObject({ targets: 1, migrations: 2 });
    // a nested repository without a config of its own: the search stops at its root
    const nested = join(p.dir, 'vendor', 'lib');
    mkdirSync(join(nested, '.git'), { recursive: true });
    writeFileSync(join(nested, 'README.md'), '');
    const stopped = await runCli(['check'], { cwd: nested });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr.split('\n')[0]).toBe(`driftgate: no drizzle.config.*, Prisma schema or supabase/ folder in ${nested} or a parent folder up to the repository root`);
  });
});
