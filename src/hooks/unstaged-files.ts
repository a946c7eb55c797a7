import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../config/targets.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { Repo } from '../git/repo.js';
import type { TreeListing } from '../git/tree-source.js';
import { unstagedMigrationFix, unstagedMigrationMessage } from '../messages.js';
import { systemOf } from '../systems/index.js';
import type { Finding } from '../types.js';


/** `git commit -am` after drizzle-kit generate commits the journal but not the new, untracked files. The migration's
 * SQL is then "missing" from what git judges while it sits in the work tree: the advice is `git add`, not "restore it
 * from git". Rewrites journal/missing-sql findings whose file exists in the work tree; the snapshot left behind with it
 * is named in the same fix, so its journal/missing-snapshot warning goes. */
export function explainUnstaged(findings: Finding[], ctx: { repo: Repo; target: Target; head: MigrationFolder; headListing: TreeListing; headName: 'index' | 'commit' }): Finding[] {
  const byTag = new Map(ctx.head.migrations.map((m) => [m.tag, m]));
  const inWorkTree = (path: string) => existsSync(join(ctx.target.outDir, path));
  const explained = new Set<string>();
  const out = findings.map((f) => {
    const m = f.rule === 'journal/missing-sql' && f.tag ? byTag.get(f.tag) : undefined;
    if (!m || !inWorkTree(m.sqlPath)) return f;
    explained.add(m.tag);
    const files = (systemOf(ctx.head).migrationFiles?.(ctx.head, m) ?? [m.sqlPath])
      .filter((p) => !ctx.headListing.has(p) && inWorkTree(p))
      .map((p) => ctx.repo.rel(join(ctx.target.outDir, p)));
    return { ...f, message: unstagedMigrationMessage(ctx.repo.rel(join(ctx.target.outDir, m.sqlPath)), ctx.headName), fix: unstagedMigrationFix(files, ctx.headName) };
  });
  return out.filter((f) => !(f.rule === 'journal/missing-snapshot' && f.tag && explained.has(f.tag)));
}
