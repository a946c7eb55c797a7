import type { StatusEntry } from '../git/repo.js';
import type { Rule } from '../types.js';
import { shellQuote } from '../messages.js';

/** What git/uncommitted-migration sees: the `git status` entries under one migrations folder. */
export interface WorkTreeContext {
  entries: StatusEntry[];
  /** Display path (relative to the working directory) of a repository path. */
  display(path: string): string;
}

const describe = (code: string) =>
  code === '??' ? 'untracked' : code[0] !== ' ' && code[1] === ' ' ? 'staged but not committed' : code.includes('D') ? 'deleted but not committed' : 'modified but not committed';

export const gitUncommittedMigration: Rule<WorkTreeContext> = {
  id: 'git/uncommitted-migration',
  severity: 'error',
  description: 'A migration file in the work tree is untracked or has uncommitted changes while you push: the push does not contain what you tested.',
  run({ entries, display }) {
    return entries.map((e) => ({
      key: e.path,
      file: display(e.path),
      tag: e.path.endsWith('.sql') ? e.path.split('/').pop()!.slice(0, -4) : undefined,
      message: `${display(e.path)} is ${describe(e.code)}, so the push does not include it`,
      fix: e.code === '??' ? `Commit it (git add -- ${shellQuote(display(e.path))} && git commit) or delete it, then push again.` : `Commit the change (git commit -- ${shellQuote(display(e.path))}) or discard it (git restore --staged --worktree -- ${shellQuote(display(e.path))}), then push again.`,
    }));
  },
};
