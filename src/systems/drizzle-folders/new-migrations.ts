import { readSnapshotJson, readText } from '../../folder/read-files.js';
import { ROOT_ID, v1Graph } from './snapshot-graph.js';
import { CUSTOM_HEADER } from '../drizzle-kit/compare.js';
import type { NewMigration } from '../drizzle-journal/new-migrations.js';
import type { RangeContext } from '../../hooks/range-context.js';

/** A judged migration of a drizzle-kit 1.0 folder, with its place in the snapshot graph. */
export interface FoldersNewMigration extends NewMigration {
  curId: string;
  /** Parent snapshot ids (the all-zero id for the first migration; two for a merge). */
  prevIds: string[];
  /** Snapshot ids of every ancestor (parents, their parents, …). */
  ancestors: Set<string>;
}

const cache = new WeakMap<RangeContext, Promise<FoldersNewMigration[]>>();

/** The judged migrations of a 1.0 folder that can be regenerated: SQL and snapshot readable, every ancestor's
 * snapshot present (snapshot/chain reports the rest). `prev` is the first parent's snapshot; `custom` is
 * `drizzle-kit generate --custom`: the generator's header line and a snapshot without deltas. */
export function foldersNewMigrations(ctx: RangeContext): Promise<FoldersNewMigration[]> {
  let found = cache.get(ctx);
  if (!found) {
    found = (async () => {
      const { head } = ctx;
      const { nodes, byId } = v1Graph(head);
      const out: FoldersNewMigration[] = [];
      for (const node of nodes) {
        const { migration } = node;
        if (!ctx.judged.has(migration.tag) || !migration.sqlExists || !migration.snapshot) continue;
        const ancestors = new Set<string>();
        const stack = [...node.parents];
        let complete = true;
        while (stack.length) {
          const id = stack.pop()!;
          if (ancestors.has(id)) continue;
          const parent = byId.get(id);
          if (!parent) complete = false;
          ancestors.add(id);
          stack.push(...(parent?.parents ?? []));
        }
        if (!complete) continue;
        const [sql, cur, prev] = await Promise.all([
          readText(head, migration.sqlPath),
          readSnapshotJson(head, migration.snapshot.path),
          node.parents[0] ? readSnapshotJson(head, byId.get(node.parents[0])!.migration.snapshot!.path) : Promise.resolve(null),
        ]);
        if (sql === null || !cur) continue;
        const deltas = cur.deltas;
        const custom = sql.startsWith(CUSTOM_HEADER) && Array.isArray(deltas) && deltas.length === 0;
        const prevIds = node.parents.length ? node.parents : [ROOT_ID];
        out.push({ migration, sql, prev, cur, custom, curId: node.id, prevIds, ancestors });
      }
      return out;
    })();
    cache.set(ctx, found);
  }
  return found;
}
