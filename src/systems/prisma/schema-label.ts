import { dirname, relative } from 'node:path';
import type { Target } from '../../config/targets.js';

/** How messages name a target's Prisma schema: its one file, or the folder holding a multi-file schema (relative to
 * the project). Undefined without a schema. */
export function schemaLabel(target: Target): string | undefined {
  if (!target.schema.length) return undefined;
  let common = target.schema.length === 1 ? target.schema[0] : dirname(target.schema[0]);
  while (!target.schema.every((f) => f === common || f.startsWith(`${common}/`))) common = dirname(common);
  return relative(target.root, common).split('\\').join('/') || common;
}
