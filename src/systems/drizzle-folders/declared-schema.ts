import type { MigrationFolder } from '../../folder/migration-folder.js';
import type { DeclaredSchema } from '../migration-system.js';
import { expectedFromV1State } from './expected-from-state.js';
import { v1FinalState } from './state.js';

/** The state after the newest drizzle-kit 1.0 migration, rebuilt from its snapshots (format 9 keeps deltas). */
export async function foldersDeclaredSchema(folder: MigrationFolder): Promise<DeclaredSchema | undefined> {
  const last = folder.migrations.at(-1);
  if (!last?.snapshot) return undefined;
  const state = await v1FinalState(folder);
  const path = folder.display(last.snapshot.path);
  return { label: `the Drizzle snapshot ${path}`, short: `Drizzle snapshot (${path})`, expected: expectedFromV1State(state.map((e) => e.row)), changeIt: 'change the Drizzle schema and run drizzle-kit generate' };
}
