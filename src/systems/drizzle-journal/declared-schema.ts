import type { MigrationFolder } from '../../folder/migration-folder.js';
import { createCheckContext } from '../../rules/check-context.js';
import type { DeclaredSchema } from '../migration-system.js';
import { expectedFromSnapshot } from './expected-from-snapshot.js';

/** The newest 0.x snapshot: a whole schema. */
export async function journalDeclaredSchema(folder: MigrationFolder): Promise<DeclaredSchema | undefined> {
  const latest = await createCheckContext(folder).latestSnapshot();
  if (!latest) return undefined;
  const path = folder.display(latest.migration.snapshot!.path);
  return { label: `the Drizzle snapshot ${path}`, short: `Drizzle snapshot (${path})`, expected: expectedFromSnapshot(latest.snapshot), changeIt: 'change the Drizzle schema and run drizzle-kit generate' };
}
