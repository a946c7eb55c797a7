import { createHash } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();
const hex = (digest: Buffer, padded: boolean) => [...digest].map((b) => b.toString(16).padStart(padded ? 2 : 1, '0')).join('');

/** The checksum Prisma records in `_prisma_migrations.checksum`: lowercase sha256 hex of migration.sql's text. */
export function prismaChecksum(script: string): string {
  return hex(sha256(script), true);
}

/** Whether a migration's text matches a recorded checksum the way Prisma's schema engine decides it: the text as
 * is, with CRLF turned into LF, or with every LF turned into CRLF (git may check a file out either way); and a
 * 64-character checksum is compared zero-padded, a shorter one (old engines dropped leading zeros) unpadded. */
export function matchesChecksum(script: string, checksum: string): boolean {
  const padded = checksum.length === 0 || checksum.length === 64;
  return [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')].some((s) => hex(sha256(s), padded) === checksum);
}
