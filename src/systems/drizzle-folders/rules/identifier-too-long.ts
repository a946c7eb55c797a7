import { identifierTooLongRule, longStateName, tooLong } from '../../../rules/identifier-too-long.js';
import { v1FinalState } from '../state.js';

const KINDS: Record<string, string> = {
  tables: 'table', columns: 'column', indexes: 'index', fks: 'foreign key', pks: 'primary key', uniques: 'unique constraint',
  checks: 'check constraint', enums: 'enum', sequences: 'sequence', views: 'view', policies: 'policy', roles: 'role', schemas: 'schema',
};

/** identifier/too-long on a 1.0 folder: snapshots hold deltas, so the state is replayed, and each long name points
 * at the migration that introduced it; then new SQL. */
export const identifierTooLong = identifierTooLongRule(async (ctx) =>
  (await v1FinalState(ctx.folder)).flatMap((e) => {
    if (!tooLong(e.name)) return [];
    const kind = KINDS[e.entityType] ?? e.entityType.replace(/s$/, '');
    return [longStateName(e.migration.tag, `${e.entityType}:${e.name}`, ctx.folder.display(e.migration.snapshot!.path), `${kind}${e.table && e.entityType !== 'tables' ? ` on ${e.table}` : ''}`, e.name)];
  }),
);
