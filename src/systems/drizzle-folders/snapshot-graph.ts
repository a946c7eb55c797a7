import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';

export const ROOT_ID = '00000000-0000-0000-0000-000000000000';

/** A migration of the 1.0 layout as a node of the snapshot graph (`prevIds` are its parents; a merge has two). */
export interface V1Node {
  migration: Migration;
  id: string;
  /** Parent ids without the all-zero root id. */
  parents: string[];
}

/** The snapshot graph of a 1.0 folder: nodes with a readable id and parents, in apply order. */
export function v1Graph(folder: MigrationFolder): { nodes: V1Node[]; byId: Map<string, V1Node> } {
  const nodes: V1Node[] = [];
  for (const migration of folder.migrations) {
    const h = migration.snapshot?.header;
    if (!h || h.error || h.id === undefined) continue;
    const prevIds = h.prevIds ?? (h.prevId !== undefined ? [h.prevId] : undefined);
    if (!prevIds) continue;
    nodes.push({ migration, id: h.id, parents: prevIds.filter((p) => p && p !== ROOT_ID) });
  }
  const byId = new Map<string, V1Node>();
  for (const n of nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  return { nodes, byId };
}

/** Ids of a node and everything it descends from. */
export function ancestry(byId: Map<string, V1Node>, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(byId.get(next)?.parents ?? []));
  }
  return seen;
}

/** Nodes no other node names as a parent: more than one means an unmerged fork. */
export function leaves(nodes: V1Node[]): V1Node[] {
  const parents = new Set(nodes.flatMap((n) => n.parents));
  return nodes.filter((n) => !parents.has(n.id));
}
