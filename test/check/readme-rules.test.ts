import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/all-rules.js';
import { REPO_ROOT } from '../helpers/paths.js';

// Rule ids are a public interface: every one the tool can report has a section on its family's page in docs/rules/
// (with a wrong and a right example) and a link in the README's rule table.
const rulesDir = `${REPO_ROOT}/docs/rules`;

function familyPage(id: string): string {
  const family = id.split('/')[0];
  try {
    return readFileSync(`${rulesDir}/${family}.md`, 'utf8');
  } catch {
    return '';
  }
}

describe('the docs document every rule', () => {
  it('each registered rule id appears in docs/rules/<family>.md as `id`', () => {
    const undocumented = allRules().map((r) => r.id).filter((id) => !familyPage(id).includes(`\`${id}\``));
    expect(undocumented).toEqual([]);
  });

  it('each family page has a wrong and a right example', () => {
    const pages = readdirSync(rulesDir).filter((f) => f.endsWith('.md') && f !== 'README.md');
    const lacking = pages.filter((f) => {
      const text = readFileSync(`${rulesDir}/${f}`, 'utf8');
      return !/Wrong/.test(text) || !/Right/.test(text);
    });
    expect(lacking).toEqual([]);
  });

  it('the README links every rule family', () => {
    const readme = readFileSync(`${REPO_ROOT}/README.md`, 'utf8');
    const families = [...new Set(allRules().map((r) => r.id.split('/')[0]))];
    expect(families.filter((f) => !readme.includes(`docs/rules/${f}.md`))).toEqual([]);
  });

  it('rule ids are unique', () => {
    const ids = allRules().map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});
