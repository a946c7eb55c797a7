import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Target } from '../config/targets.js';
import type { GeneratorPool } from '../systems/generator-pool.js';
import type { Repo } from '../git/repo.js';
import { schemaJudgedAsPushed, schemaUnchangedByPush } from '../messages.js';
import { systemById } from '../systems/index.js';
import type { Project } from '../project.js';
import type { Finding } from '../types.js';
import type { PushRange } from './push-refs.js';

/** What the schema step reads: the schema files' folders, the migrations folder and the drizzle config. */
function schemaInputs(repo: Repo, targets: Target[]): string[] {
  const paths = new Set<string>();
  for (const t of targets) {
    if (t.schema.length === 0) continue;
    for (const s of t.schema) paths.add(repo.rel(/[*?[{]/.test(s) ? dirname(s.replace(/[*?[{].*$/, 'x')) : dirname(s)));
    paths.add(repo.rel(t.outDir));
    if (t.configFile) paths.add(repo.rel(t.configFile));
  }
  return [...paths];
}

/** Targets whose system's schema check reads only their schema files and folder (`schemaSelfContained`), when no
 * pushed range changes any of them: their verdict is the one the remote's commit already had. */
async function unchangedByPush(repo: Repo, targets: Target[], ranges: PushRange[]): Promise<Target[]> {
  const out: Target[] = [];
  for (const t of targets) {
    if (!t.system || !systemById(t.system).schemaSelfContained || t.schema.length === 0) continue;
    const paths = [...t.schema, t.outDir, ...(t.configFile ? [t.configFile] : [])].map((p) => repo.rel(p));
    const changed = await Promise.all(ranges.map((r) => repo.changes(r.base, r.head, paths)));
    if (changed.every((c) => c.length === 0)) out.push(t);
  }
  return out;
}

/** A target moved from the work tree to the same place in an exported tree. */
function mapTarget(t: Target, from: string, to: string): Target {
  const move = (p: string) => (p === from || p.startsWith(`${from}/`) ? join(to, relative(from, p)) : p);
  return { ...t, outDir: move(t.outDir), root: move(t.root), configFile: t.configFile && move(t.configFile), schema: t.schema.map(move) };
}

/** schema/out-of-sync for what is PUSHED. When the work tree is the pushed commit (HEAD, nothing uncommitted in the
 * schema's folders, the migrations folder or the config), the work tree is judged as `verify` does. Otherwise each
 * pushed commit is exported to a temp dir (git archive; node_modules linked) and judged there: an unstaged schema.ts
 * edit does not block a push of other commits, and is mentioned as a note. */
export async function pushedSchemaFindings(input: {
  repo: Repo;
  project: Project;
  ranges: PushRange[];
  generators: GeneratorPool;
  notes: string[];
  /** Filled with the labels of targets not compared again (see unchangedByPush). */
  unchanged?: string[];
}): Promise<Finding[]> {
  const { repo, ranges } = input;
  const unchanged = await unchangedByPush(repo, input.project.targets, ranges);
  if (unchanged.length) input.notes.push(schemaUnchangedByPush(unchanged.map((t) => t.label)));
  input.unchanged?.push(...unchanged.map((t) => t.label));
  const project = { ...input.project, targets: input.project.targets.filter((t) => !unchanged.includes(t)) };
  const { schemaFindings } = await import('../schema/schema-findings.js');
  const inputs = schemaInputs(repo, project.targets);
  if (inputs.length === 0) return [];
  const [head, dirty] = await Promise.all([repo.commit('HEAD'), repo.status(inputs)]);
  const commits = [...new Map(ranges.map((r) => [r.head, r])).values()];
  if (dirty.length === 0 && commits.every((r) => r.head === head)) return schemaFindings(project, input.generators);

  const found: Finding[] = [];
  const seen = new Set<string>();
  for (const range of commits) {
    const dir = mkdtempSync(join(tmpdir(), 'driftgate-pushed-'));
    try {
      const projectRel = repo.rel(project.cwd);
      repo.exportTree(range.head, projectRel, dir);
      // the project's packages (drizzle-kit, drizzle-orm) resolve from the exported copy as from the work tree
      for (const rel of new Set([projectRel, ''])) {
        const modules = join(repo.root, rel, 'node_modules');
        if (existsSync(modules) && !existsSync(join(dir, rel, 'node_modules'))) symlinkSync(modules, join(dir, rel, 'node_modules'), 'dir');
      }
      const targets = project.targets.map((t) => mapTarget(t, repo.root, dir));
      for (const f of await schemaFindings({ ...project, cwd: join(dir, projectRel), targets }, input.generators)) {
        if (!seen.has(f.fingerprint!)) (seen.add(f.fingerprint!), found.push(f));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    input.notes.push(schemaJudgedAsPushed(range.ref, range.head.slice(0, 7), [...new Set(dirty.map((e) => e.path))]));
  }
  return found;
}
