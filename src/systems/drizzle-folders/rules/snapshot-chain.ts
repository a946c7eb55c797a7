import { v1Graph } from '../snapshot-graph.js';
import type { MigrationFolder } from '../../../folder/migration-folder.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';
import { snapshotChain as journalSnapshotChain } from '../../drizzle-journal/rules/snapshot-chain.js';

/** snapshot/chain on the 1.0 layout: the `prevIds` graph must reach one first migration, every parent must be in the
 * folder, and every migration must sort after its parents (drizzle-orm 1.0 applies in name order). */
function chainFindings(folder: MigrationFolder): RuleFinding[] {
  const { nodes, byId } = v1Graph(folder);
  const findings: RuleFinding[] = [];
  const at = (path: string) => folder.display(path);
  const roots = nodes.filter((n) => n.parents.length === 0);
  for (const extra of roots.slice(1)) {
    findings.push({
      tag: extra.migration.tag,
      key: 'root',
      file: at(extra.migration.snapshot!.path),
      message: `${extra.migration.tag} is a second first migration (its prevIds name no parent), next to ${roots[0].migration.tag}: the folder holds two histories`,
      fix: `Delete ${extra.migration.tag} and every migration that follows it, then run drizzle-kit generate again.`,
    });
  }
  for (const node of nodes) {
    const file = at(node.migration.snapshot!.path);
    if (node.parents.length === 0 && node.migration.snapshot!.header.type === 'diff' && roots[0] === node) {
      findings.push({
        tag: node.migration.tag,
        key: 'base',
        file,
        message: `${node.migration.tag} is the first migration but its snapshot is a "diff": the folder's base snapshot (the full schema) is missing`,
        fix: 'Restore the first migration folder from git.',
      });
    }
    for (const parentId of node.parents) {
      const parent = byId.get(parentId);
      if (!parent) {
        findings.push({
          tag: node.migration.tag,
          key: `missing:${parentId}`,
          file,
          message: `${node.migration.tag} follows snapshot ${parentId}, which no migration in the folder has: a migration was deleted from the middle of the history, or this one was copied from another branch`,
          fix: `Restore the missing migration folder from git; if that is impossible, delete ${node.migration.tag} and every later migration and run drizzle-kit generate again.`,
        });
      } else if (parent.migration.index >= node.migration.index || !(node.migration.tag > parent.migration.tag)) {
        findings.push({
          tag: node.migration.tag,
          key: `order:${parent.migration.tag}`,
          file,
          message: `${node.migration.tag} sorts before its parent ${parent.migration.tag}: drizzle-orm 1.0 applies folders in name order, so a fresh database runs it first (and drizzle-kit refuses the folder)`,
          fix: `Rename the folder so that its timestamp is later than ${parent.migration.tag.slice(0, 14)} (keep the _name part).`,
        });
      }
    }
  }
  return findings;
}

export const snapshotChain: Rule<CheckContext> = { ...journalSnapshotChain, run: ({ folder }) => chainFindings(folder) };
