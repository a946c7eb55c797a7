/** A migration folder named by its UTC generation time, then `_name` (drizzle-kit 1.0, Prisma Migrate). */
export const V1_FOLDER_NAME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_./;

/** The time such a name stands for (drizzle-orm 1.0's formatToMillis), or undefined when it has no valid stamp. */
export function folderTime(name: string): number | undefined {
  const m = V1_FOLDER_NAME.exec(name);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls month 13 into next year; such a name still sorts by its digits, not by the time it means.
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? ms : undefined;
}
