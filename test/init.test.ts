import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitEnv, linkNodeModules } from './helpers/git-repo.js';
import { runCli } from './helpers/run-cli.js';

const base = mkdtempSync(join(tmpdir(), 'dg-init-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const env = gitEnv(base);

function project(name: string, files: Record<string, string> = {}): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  linkNodeModules(dir);
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
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, '.husky'))).toBe(false);

    const r = await runCli(['init'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts).toEqual({ test: 'vitest', prepare: 'husky', verify: 'driftgate verify' });
    expect(pkg['lint-staged']).toEqual({ '{drizzle/**,src/db/schema.ts}': 'driftgate pre-commit' });
    expect(readFileSync(join(dir, '.husky/pre-commit'), 'utf8')).toBe('lint-staged --verbose\n');
    expect(readFileSync(join(dir, '.husky/pre-push'), 'utf8')).toBe('driftgate pre-push "$@"\n');
    expect(execFileSync('git', ['config', 'core.hooksPath'], { cwd: dir, env }).toString().trim()).toBe('.husky/_');
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
    expect(readFileSync(join(dir, '.husky/pre-commit'), 'utf8')).toBe('npm test\nyarn lint-staged --verbose\n');
    expect(readFileSync(join(dir, '.husky/pre-push'), 'utf8')).toBe('yarn driftgate pre-push "$@"\n');
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
