import type { MigrationFolder } from '../../../folder/migration-folder.js';
import { readSnapshotJson } from '../../../folder/read-files.js';
import { ancestry, leaves, v1Graph, type V1Node } from '../snapshot-graph.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';
import { snapshotCollision as journalSnapshotCollision } from '../../drizzle-journal/rules/snapshot-collision.js';

interface Footprint {
  statementType?: string;
  sqlHash?: unknown;
  writes: string[];
  reads: string[];
}

/** The footprints drizzle-kit 1.0 records per statement (what it writes and reads); null when the snapshot has none. */
async function footprintsOf(folder: MigrationFolder, node: V1Node): Promise<Footprint[] | null> {
  const snapshot = await readSnapshotJson(folder, node.migration.snapshot!.path);
  if (!snapshot || !Array.isArray(snapshot.footprints)) return null;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return snapshot.footprints.map((f: Record<string, unknown>) => ({
    statementType: f?.statementType as string | undefined,
    sqlHash: f?.sqlHash,
    writes: [...strings(f?.writes), ...strings(f?.sharedWrites)],
    reads: strings(f?.reads),
  }));
}

/** drizzle-kit's isSameChange: only a footprint that carries the hash of its SQL can be "the same change". */
const sameChange = (a: Footprint, b: Footprint) => a.sqlHash !== undefined && a.statementType === b.statementType && a.sqlHash === b.sqlHash;

/** drizzle-kit 1.0's commutativity test: a branch conflicts with another when it writes something the other writes
 * or reads (and it is not the very same change made on both sides). Returns the first shared node. */
function conflict(a: Footprint[], b: Footprint[]): string | undefined {
  for (const [from, to] of [[a, b], [b, a]]) {
    for (const f of from)
      for (const node of f.writes) {
        const other = to.find((g) => (g.writes.includes(node) || g.reads.includes(node)) && !sameChange(f, g));
        if (other) return node;
      }
  }
  return undefined;
}

const NODE_KINDS: Record<string, string> = { col: 'column', tbl: 'table', idx: 'index', sch: 'schema', rel: 'relation', type: 'type', fk: 'foreign key', pk: 'primary key' };
/** `s|col|public.users.age` → `column public.users.age`. */
const describeNode = (node: string) => {
  const [, kind, name] = node.split('|');
  return name === undefined ? node : `${NODE_KINDS[kind] ?? kind} ${name}`;
};

/** snapshot/collision on the 1.0 layout. Forks are legal there — drizzle-kit merges unmerged branches into a
 * migration with two parents — unless the branches touch the same objects. A merged fork is never reported. */
async function collisionFindings(folder: MigrationFolder): Promise<RuleFinding[]> {
  const { nodes, byId } = v1Graph(folder);
  const tips = leaves(nodes);
  const findings: RuleFinding[] = [];
  for (let i = 0; i < tips.length; i++) {
    for (let j = i + 1; j < tips.length; j++) {
      const [x, y] = [tips[i], tips[j]];
      const hx = ancestry(byId, x.id);
      const hy = ancestry(byId, y.id);
      const branchX = nodes.filter((n) => hx.has(n.id) && !hy.has(n.id));
      const branchY = nodes.filter((n) => hy.has(n.id) && !hx.has(n.id));
      const fx = await Promise.all(branchX.map((n) => footprintsOf(folder, n)));
      const fy = await Promise.all(branchY.map((n) => footprintsOf(folder, n)));
      const file = folder.display(y.migration.snapshot!.path);
      if (fx.includes(null) || fy.includes(null)) {
        findings.push({
          tag: y.migration.tag,
          key: x.migration.tag,
          severity: 'warn',
          file,
          message: `${x.migration.tag} and ${y.migration.tag} end two unmerged branches, and their snapshots carry no footprints, so nobody can tell whether the branches touch the same objects`,
          fix: 'Run drizzle-kit generate (1.0) to merge the branches, and read the merge migration before committing it.',
        });
        continue;
      }
      const shared = conflict(fx.flat() as Footprint[], fy.flat() as Footprint[]);
      if (!shared) continue;
      findings.push({
        tag: y.migration.tag,
        key: `${x.migration.tag}:${shared}`,
        file,
        message: `the unmerged branches ending in ${x.migration.tag} and ${y.migration.tag} both change ${describeNode(shared)}: drizzle-orm 1.0 would run both, and drizzle-kit refuses to merge them`,
        fix: "Drop one branch's migrations (delete their folders), rebase onto the other branch, and run drizzle-kit generate again.",
      });
    }
  }
  return findings;
}

export const snapshotCollision: Rule<CheckContext> = { ...journalSnapshotCollision, run: ({ folder }) => collisionFindings(folder) };
