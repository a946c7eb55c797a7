import { describe, expect, it } from 'vitest';
import { useBaseProject } from '../helpers/base-project.js';
import { editJournal } from '../helpers/mutations.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 11.6: under GitHub Actions, --json stdout is exactly one JSON document; the annotations go to stderr (the
// runner reads workflow commands from both streams).
describe('--json under GITHUB_ACTIONS=true', () => {
  const { copy } = useBaseProject();

  for (const command of [['check'], ['verify', '--no-db']]) {
    it(`${command.join(' ')} --json: stdout parses as one document, annotations on stderr; pretty mode keeps them on stdout`, async () => {
      const p = copy();
      editJournal(p, (j) => (j.entries[2].when = j.entries[0].when));
      const run = await runCli([...command, '--json'], { cwd: p.dir, env: { GITHUB_ACTIONS: 'true' } });
      expect(run.code).toBe(1);
      expect(() => JSON.parse(run.stdout)).not.toThrow();
      expect(run.stdout).not.toContain('::error');
      expect(run.json().findings.map((f: any) => f.rule)).toContain('journal/when-order');
      expect(run.stderr.split('\n').filter((l) => l.startsWith('::error '))).toEqual([expect.stringMatching(/^::error file=drizzle\/meta\/_journal\.json,line=\d+,title=driftgate journal\/when-order::/)]);
      const pretty = await runCli(command, { cwd: p.dir, env: { GITHUB_ACTIONS: 'true' } });
      expect(pretty.stdout.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(1);
    });
  }
});
