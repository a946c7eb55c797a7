import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { resolveTargets } from '../src/config/targets.js';
import { openFolder } from '../src/systems/open-folder.js';
import { snapshotWalker } from '../src/systems/drizzle-journal/snapshot-walker.js';
import type { MigrationFolder } from '../src/folder/migration-folder.js';

// The replay walks a history's snapshots parsing only the table entries that changed since the previous one. What it
// returns must be exactly what JSON.parse makes of each file, whatever the file's layout.
describe('snapshotWalker (the replay reads each snapshot parsing only the tables that changed)', () => {
  let p: DrizzleProject;
  let snapshots: string[];
  const open = async (): Promise<MigrationFolder> => openFolder((await resolveTargets({ cwd: p.dir }))[0]);
  const parsed = (path: string) => JSON.parse(readFileSync(join(p.out, path), 'utf8'));

  beforeAll(async () => {
    p = createDrizzleProject();
    await p.generate(`import { pgTable, serial, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull().unique() });
export const teams = pgTable('teams', { id: serial('id').primaryKey() });`, 'start');
    await p.generate(`import { pgTable, serial, text, integer, index } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull().unique() });
export const teams = pgTable('teams', { id: serial('id').primaryKey(), name: text('name') });
export const members = pgTable('members', { id: serial('id').primaryKey(), teamId: integer('team_id').references(() => teams.id) }, (t) => [index('members_team').on(t.teamId)]);`, 'members');
    await p.generate(`import { pgTable, serial, text, integer, index } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull().unique() });
export const members = pgTable('members', { id: serial('id').primaryKey(), teamId: integer('team_id') }, (t) => [index('members_team').on(t.teamId)]);`, 'drop-teams');
    snapshots = (await open()).migrations.map((m) => m.snapshot!.path);
  }, 120_000);
  afterAll(() => p?.cleanup());

  it('gives what JSON.parse gives for every snapshot drizzle-kit wrote, reusing the entries that did not change', async () => {
    const read = snapshotWalker(await open());
    let before: Record<string, any> | undefined;
    for (const path of snapshots) {
      const snapshot = (await read(path)) as Record<string, any>;
      expect(snapshot).toEqual(parsed(path));
      if (before) expect(snapshot.tables['public.users']).toBe(before.tables['public.users']); // never changed
      before = snapshot;
    }
    // teams changed (a column) on the second step: a new object, not the first step's
    const again = snapshotWalker(await open());
    const [first, second] = [await again(snapshots[0]), await again(snapshots[1])] as Record<string, any>[];
    expect(second.tables['public.teams']).not.toBe(first.tables['public.teams']);
    expect(second.tables['public.teams']).toEqual(parsed(snapshots[1]).tables['public.teams']);
  });

  it('files laid out otherwise (CRLF line ends, minified, a BOM) come out the same', async () => {
    const original = snapshots.map((path) => readFileSync(join(p.out, path), 'utf8'));
    try {
      const layouts = [(t: string) => t.replace(/\n/g, '\r\n'), (t: string) => JSON.stringify(JSON.parse(t)), (t: string) => `\uFEFF${t}`];
      for (const layout of layouts) {
        snapshots.forEach((path, i) => writeFileSync(join(p.out, path), layout(original[i])));
        const read = snapshotWalker(await open());
        for (const [i, path] of snapshots.entries()) expect(await read(path)).toEqual(JSON.parse(original[i]));
      }
    } finally {
      snapshots.forEach((path, i) => writeFileSync(join(p.out, path), original[i]));
    }
  });

  it('a table edited by hand in one snapshot is read as edited, and the next snapshot as written', async () => {
    const path = snapshots[1];
    const original = readFileSync(join(p.out, path), 'utf8');
    try {
      writeFileSync(join(p.out, path), original.replace('"name": "name",', '"name": "renamed",'));
      const read = snapshotWalker(await open());
      await read(snapshots[0]);
      expect(((await read(path)) as any).tables['public.teams'].columns.name.name).toBe('renamed');
      expect(await read(snapshots[2])).toEqual(parsed(snapshots[2]));
    } finally {
      writeFileSync(join(p.out, path), original);
    }
  });

  it('a missing or broken snapshot is null, as a full parse would say', async () => {
    const read = snapshotWalker(await open());
    expect(await read('meta/9999_snapshot.json')).toBeNull();
    const path = snapshots[2];
    const original = readFileSync(join(p.out, path), 'utf8');
    try {
      writeFileSync(join(p.out, path), original.slice(0, original.length / 2));
      expect(await read(path)).toBeNull();
    } finally {
      writeFileSync(join(p.out, path), original);
    }
  });
});
