import type { Target } from '../../config/targets.js';
import { prepareV1Replay, replayV1Folder } from '../../embedded/replay-v1.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import type { PreparedReplay, ReplayRequest } from '../migration-system.js';

/** A 1.0 folder's replay: drizzle-orm 1.0's migrator, each step compared with the state its snapshots reconstruct.
 * --from is not supported here: the folder is replayed from the start (and the note says so). */
export async function prepareFoldersReplay(target: Target, folder: MigrationFolder, opts: ReplayRequest): Promise<PreparedReplay | { note: string }> {
  const v1 = await prepareV1Replay(folder, target.root, opts.outDir);
  if ('note' in v1) return v1;
  return {
    run: (pg, context) => replayV1Folder(folder, pg, v1.metas, { drizzle: v1.drizzle, outDir: opts.outDir, platformSchemas: context?.platformSchemas }),
    comparedWith: 'reconstructed snapshots',
    migrator: `drizzle-orm ${v1.drizzle?.version ?? 'built-in 1.0'}`,
    notes: opts.from ? [`--from applies to drizzle-kit 0.x folders; this 1.0 folder was replayed from the start`] : [],
  };
}
