import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitEnv, linkNodeModules } from './helpers/git-repo.js';
import { runCli } from './helpers/run-cli.js';

const base = mkdtempSync(join(tmpdir(), 'dg-init-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const env = gitEnv(base);

function project(name: string, files: Record<string, string> = {}, without?: string[]): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  linkNodeModules(dir, { without });
  writeFileSync(join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'postgresql', schema: './src/db/schema.ts', out: './drizzle' }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: name, scripts: { test: 'vitest' } }, null, 2) + '\n');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir, env });
  return dir;
}

describe('driftgate init', () => {
  it('--dry-run writes nothing; init writes scripts, lint-staged and hooks; a second run changes nothing', async () => {
    const dir = project('fresh');
    const before = readFileSync(join(dir, 'package.json'), 'utf8');
    const dry = await runCli(['init', '--dry-run'], { cwd: dir, env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would add scripts.prepare = "husky"');
    expect(dry.stdout).toContain('would create .husky/pre-push');
    expect(dry.stdout).toContain('would create .gitattributes: .husky/* text eol=lf');
    expect(dry.stdout).toContain('would run husky: core.hooksPath = .husky/_ (hooks active)');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, '.husky'))).toBe(false);

    const r = await runCli(['init'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts).toEqual({ test: 'vitest', prepare: 'husky', verify: 'driftgate verify' });
    expect(pkg['lint-staged']).toEqual({ '{drizzle/**,src/db/schema.ts}': 'driftgate pre-commit' });
    expect(readFileSync(join(dir, '.husky/pre-commit'), 'utf8')).toBe('lint-staged --quiet --verbose\n');
    expect(readFileSync(join(dir, '.husky/pre-push'), 'utf8')).toBe('driftgate pre-push "$@"\n');
    expect(execFileSync('git', ['config', 'core.hooksPath'], { cwd: dir, env }).toString().trim()).toBe('.husky/_');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('hooks active: git runs .husky/pre-commit and .husky/pre-push (core.hooksPath = .husky/_)');
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe('.husky/* text eol=lf\n');

    const snapshot = readFileSync(join(dir, 'package.json'), 'utf8');
    const again = await runCli(['init'], { cwd: dir, env });
    expect(again.stdout).toContain('already set up, nothing changed');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(snapshot);
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe('.husky/* text eol=lf\n');
  });

  it('merges into an existing hook, prepare script and lint-staged config; yarn projects run through yarn', async () => {
    const dir = project('existing', { 'yarn.lock': '# yarn lockfile v1\n', '.husky/pre-commit': 'npm test\n', '.gitattributes': '*.png binary', 'drizzle/meta/_journal.json': '{"version":"7","dialect":"postgresql","entries":[]}' });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    pkg.scripts.prepare = 'tsc -b';
    pkg['lint-staged'] = { '*.ts': 'eslint --fix', '{drizzle/**,src/db/schema.ts}': 'prettier --check' };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 4) + '\n');
    const r = await runCli(['init', '--baseline'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('append husky to scripts.prepare');
    expect(r.stdout).toContain('wrote driftgate.baseline.json with 0 findings');
    expect(existsSync(join(dir, 'driftgate.baseline.json'))).toBe(true);
    expect(r.stdout).toContain('append to the existing .husky/pre-commit');
    expect(r.stdout).toContain('add to .gitattributes: .husky/* text eol=lf');
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe('*.png binary\n.husky/* text eol=lf\n');
    const after = readFileSync(join(dir, 'package.json'), 'utf8');
    expect(after).toMatch(/^\{\n {4}"name"/);
    const merged = JSON.parse(after);
    expect(merged.scripts.prepare).toBe('tsc -b && husky');
    expect(merged['lint-staged']['*.ts']).toBe('eslint --fix');
    expect(merged['lint-staged']['{drizzle/**,src/db/schema.ts}']).toEqual(['prettier --check', 'driftgate pre-commit']);
    expect(readFileSync(join(dir, '.husky/pre-commit'), 'utf8')).toBe('npm test\nyarn lint-staged --quiet --verbose\n');
    expect(readFileSync(join(dir, '.husky/pre-push'), 'utf8')).toBe('yarn driftgate pre-push "$@"\n');
  });

  it('pnpm: `pnpm add -D driftgate; driftgate init; pnpm add -D husky lint-staged` — init names the one command that activates the hooks', async () => {
    // driftgate installed, husky and lint-staged not yet (the order the issue reports)
    const dir = project('pnpm-first', { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, ['husky', 'lint-staged']);
    const hooksPath = () => spawnSync('git', ['config', 'core.hooksPath'], { cwd: dir, env, encoding: 'utf8' }).stdout.trim();
    const command = 'pnpm add -D husky lint-staged && pnpm exec husky';
    const dry = await runCli(['init', '--dry-run'], { cwd: dir, env });
    expect(dry.stdout).toContain(`hooks would not be active yet (husky or lint-staged is not installed) — after init, run: ${command}`);
    const r = await runCli(['init'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`✖ hooks NOT active yet — run: ${command}`);
    expect(hooksPath()).toBe('');
    // `pnpm add -D husky lint-staged`: the packages arrive, the project's prepare script does NOT run
    linkNodeModules(dir, { only: ['husky', 'lint-staged'] });
    expect(hooksPath()).toBe('');
    // `pnpm exec husky`: runs node_modules/.bin/husky in the project
    execFileSync(join(dir, 'node_modules/.bin/husky'), { cwd: dir, env });
    expect(hooksPath()).toBe('.husky/_');
    const again = await runCli(['init'], { cwd: dir, env });
    expect(again.stdout.trim().split('\n')).toEqual(['driftgate init: already set up, nothing changed', 'hooks active: git runs .husky/pre-commit and .husky/pre-push (core.hooksPath = .husky/_)']);
  });

  it('npm, husky installed but lint-staged not: init activates husky and names the missing install', async () => {
    const dir = project('npm-no-lint-staged', {}, ['lint-staged']);
    const r = await runCli(['init'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('✖ hooks NOT active yet — run: npm i -D lint-staged');
  });

  it('a pre-commit hook written by an earlier init (lint-staged --verbose) is updated to --quiet', async () => {
    const dir = project('old-hook', { '.husky/pre-commit': 'lint-staged --verbose\n' });
    const r = await runCli(['init'], { cwd: dir, env });
    expect(r.stdout).toContain('update .husky/pre-commit: lint-staged --quiet --verbose');
    expect(readFileSync(join(dir, '.husky/pre-commit'), 'utf8')).toBe('lint-staged --quiet --verbose\n');
  });

  it('without package.json: one line, exit 2', async () => {
    const dir = join(base, 'nopkg');
    mkdirSync(dir);
    writeFileSync(join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'postgresql', out: './drizzle' }));
    const r = await runCli(['init'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^driftgate: no package.json in /);
  });
});
