import type { DbFinding } from './db-finding.js';

/** What one database looked like against one migrations folder (whatever system wrote the folder). */
export interface DatabaseVerdict {
  findings: DbFinding[];
  /** Migration whose expected schema the database was compared with, and why it was chosen. */
  comparedWith?: { tag: string; reason: 'last applied' | 'latest (no migrations table)' };
  tables: number;
  columns: number;
  /** What a clean result verified, when it is not a table and column count (a system whose engine compares the
   * schema): "the live schema matches prisma/schema.prisma (Prisma's schema engine)". */
  verified?: string;
  applied: number;
  total: number;
  migrationsTable: boolean;
  /** The schema was read and compared only within VerifyDatabaseOptions.scope. */
  scoped?: boolean;
}
