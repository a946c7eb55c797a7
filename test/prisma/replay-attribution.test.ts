import { describe, expect, it } from 'vitest';
import { attribute, describe as describeItem, summaryItems } from '../../src/systems/prisma/replay/attribute.js';

/** The engine's human summary as `prisma migrate diff` prints it (each line's shape as the wasm engine printed it
 * for an added table, an added enum variant, a changed column type, and umami's and hoppscotch's indexes). */
const SUMMARY = [
  '',
  '[+] Added tables',
  '  - Comment',
  '',
  '[*] Changed the `Role` enum',
  "  [+] Added variant `ADMIN`",
  '',
  '[*] Changed the `User` table',
  '  [*] Altered column `name` (type changed)',
  '  [+] Added index on columns (email, name)',
  '',
  '[*] Changed the `session_replay` table',
  '  [+] Added index on columns (visit_id)',
  '',
].join('\n');

const MIGRATIONS = [
  // 0: Prisma's generated SQL, quoted identifiers
  'CREATE TYPE "Role" AS ENUM (\'USER\');\nCREATE TABLE "User" ("id" SERIAL, "email" TEXT, "name" VARCHAR(20));',
  // 1: touches User's email only; a comment naming "name" does not count
  '-- "name" is left alone\nCREATE INDEX "User_email_idx" ON "User"("email");',
  // 2: hand-written, unquoted lower-case identifiers
  'create table session_replay (replay_id uuid primary key, visit_id uuid);',
  // 3: adds an enum value by hand
  'ALTER TYPE "Role" ADD VALUE \'ADMIN\';\nALTER TYPE "Role" RENAME VALUE \'ADMIN\' TO \'ADMIN\';',
];

describe('Prisma replay: which migration a difference the engine lists is attributed to', () => {
  it('reads the summary into tables, enums and the changes inside them', () => {
    expect(summaryItems(SUMMARY).map(describeItem)).toEqual([
      'Added table Comment',
      'Role: Added variant `ADMIN`',
      'User: Altered column `name` (type changed)',
      'User: Added index on columns (email, name)',
      'session_replay: Added index on columns (visit_id)',
    ]);
  });

  it('the last migration with a statement naming the object and every name of the change; none: -1', () => {
    const byMigration = attribute(summaryItems(SUMMARY), MIGRATIONS);
    const at = (n: number) => (byMigration.get(n) ?? []).map(describeItem);
    expect([...byMigration.keys()]).toEqual([0, 2, 3, -1]);
    // "name" in 1's comment does not count; the index on (email, name): only 0 names both
    expect(at(0)).toEqual(['User: Altered column `name` (type changed)', 'User: Added index on columns (email, name)']);
    expect(at(2)).toEqual(['session_replay: Added index on columns (visit_id)']);
    expect(at(3)).toEqual(['Role: Added variant `ADMIN`']);
    expect(at(-1)).toEqual(['Added table Comment']);
  });

  it('a quoted name is not matched inside a longer one', () => {
    const items = summaryItems('[*] Changed the `session_replay` table\n  [+] Added column `x`\n');
    expect([...attribute(items, ['CREATE TABLE "session_replay_saved" ("x" INT);']).keys()]).toEqual([-1]);
  });
});
