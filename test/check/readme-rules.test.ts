import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/all-rules.js';
import { REPO_ROOT } from '../helpers/paths.js';

// Rule ids are a public interface: every one the tool can report is documented in the README's rules tables.
describe('README documents every rule', () => {
  it('each registered rule id appears in README.md as `id`', () => {
    const readme = readFileSync(`${REPO_ROOT}/README.md`, 'utf8');
    const undocumented = allRules().map((r) => r.id).filter((id) => !readme.includes(`\`${id}\``));
    expect(undocumented).toEqual([]);
  });

  it('rule ids are unique', () => {
    const ids = allRules().map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});
