import { systemOf } from '../systems/index.js';
import type { RangeContext } from './range-context.js';

type Listings = Pick<RangeContext, 'base' | 'baseListing' | 'headListing'>;

/** Changed and deleted history files of the base (as the base's system tells them), whether or not each may change. */
export function changedHistory(ctx: Listings): { path: string; deleted: boolean }[] {
  const system = systemOf(ctx.base);
  const out: { path: string; deleted: boolean }[] = [];
  for (const [path, oid] of ctx.baseListing) {
    if (!system.isHistoryFile(path)) continue;
    const now = ctx.headListing.get(path);
    if (now !== oid) out.push({ path, deleted: now === undefined });
  }
  return out;
}

/** The migration of the base that a history path belongs to. */
export const baseTagOfPath = (ctx: Pick<RangeContext, 'base'>, path: string) => systemOf(ctx.base).tagOfPath(ctx.base, path);

/** When this change converts the folder from another system (drizzle-kit up): the moved migrations by base tag. */
export const conversionMoves = (ctx: Pick<RangeContext, 'base' | 'head' | 'baseListing' | 'headListing'>) => systemOf(ctx.head).convertedFrom?.(ctx) ?? null;
