import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DriftgateError } from '../errors.js';
import type { Project } from '../project.js';
import { detectPackageManager, RUNNER, type PackageManager } from './package-manager.js';

/** One change `driftgate init` makes (or would make, with --dry-run). */
export interface InitChange {
  file: string;
  /** What happens, in words: "add scripts.prepare = husky". */
  action: string;
  /** New content of the file (written unless dry-run); undefined for notes that change nothing. */
  content?: string;
}

export interface InitPlan {
  packageManager: PackageManager;
  changes: InitChange[];
  /** Things left alone on purpose, said aloud. */
  notes: string[];
}

const LINT_STAGED_FILES = ['.lintstagedrc', '.lintstagedrc.json', '.lintstagedrc.yaml', '.lintstagedrc.yml', '.lintstagedrc.js', '.lintstagedrc.mjs', '.lintstagedrc.cjs', 'lint-staged.config.js', 'lint-staged.config.mjs', 'lint-staged.config.cjs', 'lint-staged.config.ts'];
const TEMPLATES = new URL('../../hooks/', import.meta.url);

/** The lint-staged globs for a project: each migrations folder, and each schema file. */
export function lintStagedGlobs(project: Project): string[] {
  const globs = new Set<string>();
  for (const t of project.targets) {
    globs.add(`${relative(project.cwd, t.outDir).split('\\').join('/') || '.'}/**`);
    for (const s of t.schema) globs.add(relative(project.cwd, s).split('\\').join('/'));
  }
  // ONE key: with two keys matching one commit lint-staged would run driftgate twice, concurrently.
  return globs.size > 1 ? [`{${[...globs].join(',')}}`] : [...globs];
}

function hookText(name: 'pre-commit' | 'pre-push', pm: PackageManager): string {
  return readFileSync(new URL(name, TEMPLATES), 'utf8').replaceAll('{{run}}', RUNNER[pm]);
}

/** Plans `driftgate init`: package.json scripts and lint-staged config, and the two husky hooks. Never clobbers:
 * existing settings and hooks are merged into, and what is left alone is said. Running it twice plans nothing. */
export function planInit(project: Project): InitPlan {
  const dir = project.cwd;
  const pkgPath = join(dir, 'package.json');
  if (!existsSync(pkgPath)) throw new DriftgateError(`no package.json in ${dir}`, 'Run driftgate init in the project root (where package.json is).');
  const text = readFileSync(pkgPath, 'utf8');
  let pkg: Record<string, any>;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new DriftgateError(`package.json is not valid JSON: ${(error as Error).message}`);
  }
  const pm = detectPackageManager(dir);
  const changes: InitChange[] = [];
  const notes: string[] = [];
  const actions: string[] = [];

  pkg.scripts ??= {};
  const prepare = pkg.scripts.prepare;
  if (prepare === undefined) (pkg.scripts.prepare = 'husky', actions.push('add scripts.prepare = "husky"'));
  else if (!/\bhusky\b/.test(prepare)) (pkg.scripts.prepare = `${prepare} && husky`, actions.push(`append husky to scripts.prepare ("${prepare} && husky")`));
  if (pkg.scripts.verify === undefined) (pkg.scripts.verify = 'driftgate verify', actions.push('add scripts.verify = "driftgate verify"'));
  else if (!String(pkg.scripts.verify).includes('driftgate')) notes.push(`scripts.verify is "${pkg.scripts.verify}": left alone; run npx driftgate verify for the full check`);

  const globs = lintStagedGlobs(project);
  const command = 'driftgate pre-commit';
  const configFile = LINT_STAGED_FILES.find((f) => existsSync(join(dir, f)));
  if (configFile) {
    const configured = readFileSync(join(dir, configFile), 'utf8').includes(command);
    if (!configured) notes.push(`lint-staged is configured in ${configFile}: add ${globs.map((g) => `"${g}": "${command}"`).join(', ')} to it yourself (driftgate does not rewrite code files)`);
  } else {
    const current = pkg['lint-staged'];
    if (current !== undefined && (typeof current !== 'object' || current === null || Array.isArray(current))) {
      notes.push('package.json "lint-staged" is not an object: left alone');
    } else {
      pkg['lint-staged'] ??= {};
      for (const glob of globs) {
        const existing = pkg['lint-staged'][glob];
        const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
        if (list.some((c: unknown) => typeof c === 'string' && c.includes(command))) continue;
        pkg['lint-staged'][glob] = list.length ? [...list, command] : command;
        actions.push(`${list.length ? 'add to' : 'add'} lint-staged "${glob}": "${command}"`);
      }
    }
  }
  if (actions.length) {
    const indent = /^\{\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    const content = JSON.stringify(pkg, null, indent) + (text.endsWith('\n') ? '\n' : '');
    for (const action of actions) changes.push({ file: 'package.json', action });
    changes.at(-1)!.content = content;
  }

  const attributes = gitattributesChange(dir);
  if (attributes) changes.push(attributes);

  for (const hook of ['pre-commit', 'pre-push'] as const) {
    const file = `.husky/${hook}`;
    const path = join(dir, file);
    const wanted = hookText(hook, pm);
    const marker = hook === 'pre-commit' ? 'lint-staged' : 'driftgate pre-push';
    if (!existsSync(path)) changes.push({ file, action: `create ${file}: ${wanted.trim()}`, content: wanted });
    else {
      const current = readFileSync(path, 'utf8');
      // The line earlier versions wrote printed lint-staged's "could not find any staged files" on every code-only commit.
      const previous = `${RUNNER[pm]}lint-staged --verbose\n`;
      if (hook === 'pre-commit' && current.split(/^/m).includes(previous)) {
        changes.push({ file, action: `update ${file}: ${wanted.trim()} (--quiet: no "could not find any staged files" line on commits without migrations)`, content: current.replace(previous, wanted) });
        continue;
      }
      if (current.includes(marker)) continue;
      changes.push({ file, action: `append to the existing ${file}: ${wanted.trim()}`, content: `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}${wanted}` });
    }
  }
  return { packageManager: pm, changes, notes };
}

/** The line that keeps hook scripts LF: with core.autocrlf=true, git would check them out with CRLF and sh fails on
 * `lint-staged\r` ("not found"). */
export const HOOKS_EOL_LF = '.husky/* text eol=lf';

/** Adds HOOKS_EOL_LF to .gitattributes unless a `.husky` pattern already sets eol=lf; keeps everything else. */
function gitattributesChange(dir: string): InitChange | undefined {
  const path = join(dir, '.gitattributes');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const configured = current.split(/\r?\n/).some((line) => /^\s*\/?\.husky\S*\s/.test(line) && /(^|\s)eol=lf(\s|$)/.test(line));
  if (configured) return undefined;
  const sep = current === '' || current.endsWith('\n') ? '' : '\n';
  return { file: '.gitattributes', action: `${current ? 'add to' : 'create'} .gitattributes: ${HOOKS_EOL_LF} (hooks keep LF under core.autocrlf)`, content: `${current}${sep}${HOOKS_EOL_LF}\n` };
}
