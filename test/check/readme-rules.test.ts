import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/all-rules.js';
import { REPO_ROOT } from '../helpers/paths.js';

// Rule ids are a public interface: every one the tool can report is documented in the README or a docs/ page.
describe('README documents every rule', () => {
  it('each registered rule id appears in README.md as `id`', () => {
    const docs = join(REPO_ROOT, 'docs');
    const pages = existsSync(docs) ? readdirSync(docs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => join(docs, f)) : [];
    const readme = [`${REPO_ROOT}/README.md`, ...pages].map((f) => readFileSync(f, 'utf8')).join('\n');
    const undocumented = allRules().map((r) => r.id).filter((id) => !readme.includes(`\`${id}\``));
    expect(undocumented).toEqual([]);
  });

  it('rule ids are unique', () => {
    const ids = allRules().map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});
