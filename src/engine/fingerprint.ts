import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/** Stable id of a finding for baselines: rule, folder, migration and the rule's own detail — never the message,
 * so rewording a message does not un-baseline anything, and two regressions on two tags never share one. */
export function fingerprint(finding: Pick<Finding, 'rule' | 'target' | 'tag' | 'key' | 'file'>): string {
  const parts = [finding.rule, finding.target ?? '', finding.tag ?? '', finding.key ?? '', finding.tag ? '' : (finding.file ?? '')];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
