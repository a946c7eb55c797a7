import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule } from '../../../types.js';
import { prismaDuplicateTimestamp } from './duplicate-timestamp.js';
import { prismaEmptyMigration } from './empty-migration.js';
import { prismaFolderName } from './folder-name.js';
import { prismaLockProvider } from './lock-provider.js';
import { prismaMissingSql } from './missing-sql.js';
import { prismaOrder } from './order.js';

/** Prisma Migrate's folder rules, in report order. */
export const prismaRules: Rule<CheckContext>[] = [prismaMissingSql, prismaLockProvider, prismaFolderName, prismaDuplicateTimestamp, prismaOrder, prismaEmptyMigration];
