import type { DbFinding } from './db-finding.js';

/** What one database says about one migration, when it is not simply applied. */
export type MigrationState = 'failed' | 'skipped' | 'edited' | 'pending';

const STATE_OF: Record<string, MigrationState> = {
  'db/failed-migration': 'failed',
  'db/skipped-migration': 'skipped',
  'db/edited-after-apply': 'edited',
  'db/pending': 'pending',
};
const RANK: MigrationState[] = ['failed', 'skipped', 'edited', 'pending'];

/** The state of each migration a database's findings name (the worst one when several do), whatever system. */
export function migrationStates(findings: DbFinding[]): Record<string, MigrationState> {
  const states: Record<string, MigrationState> = {};
  for (const f of findings) {
    const state = STATE_OF[f.rule];
    if (!state || !f.tag) continue;
    const had = states[f.tag];
    if (!had || RANK.indexOf(state) < RANK.indexOf(had)) states[f.tag] = state;
  }
  return states;
}
