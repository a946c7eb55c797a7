import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fsSource } from '../../src/folder/fs-source.js';
import { readSnapshotHeader } from '../../src/folder/snapshot-header.js';

// Header reading without a full parse, across the snapshot formats drizzle-kit has written.
describe('readSnapshotHeader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'driftgate-header-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return readSnapshotHeader(fsSource(dir), name);
  };
  const big = (n: number) => ({ tables: Object.fromEntries(Array.from({ length: n }, (_, i) => [`public.t${i}`, { name: `t${i}`, columns: {} }])) });

  it('v7 layout: id, prevId, version, dialect first; a 1 MB body is not needed', async () => {
    const body = JSON.stringify({ id: 'a', prevId: 'b', version: '7', dialect: 'postgresql', ...big(20_000) }, null, 2);
    expect(body.length).toBeGreaterThan(1_000_000);
    expect(await read('v7.json', body)).toEqual({ id: 'a', prevId: 'b', version: '7', dialect: 'postgresql' });
  });

  it('v5 layout: version and dialect before id', async () => {
    expect(await read('v5.json', JSON.stringify({ version: '5', dialect: 'pg', id: 'a', prevId: 'z', ...big(3) }, null, 2))).toMatchObject({ id: 'a', prevId: 'z', version: '5' });
  });

  it('id/prevId after the body, or minified: falls back to one full parse', async () => {
    expect(await read('late.json', JSON.stringify({ version: '3', ...big(500), id: 'late', prevId: 'p' }, null, 2))).toMatchObject({ id: 'late', prevId: 'p' });
    expect(await read('min.json', JSON.stringify({ id: 'm', prevId: 'p', ...big(500) }))).toMatchObject({ id: 'm', prevId: 'p' });
  });

  it('1.0 layout: prevIds array', async () => {
    expect(await read('v1.json', JSON.stringify({ version: '8', dialect: 'postgres', id: 'c', prevIds: ['a', 'b'], ddl: [] }, null, 2))).toMatchObject({ id: 'c', prevIds: ['a', 'b'] });
  });

  it('broken files carry an error', async () => {
    expect((await read('empty.json', '')).error).toMatch(/empty/);
    expect((await read('cut.json', JSON.stringify({ id: 'a', prevId: 'b', ...big(200) }, null, 2).slice(0, 5000))).error).toMatch(/truncated/);
    expect((await read('array.json', '[1, 2]')).error).toBeDefined();
    expect((await read('garbage.json', '{"id": "a", "prevId": ')).error).toBeDefined();
  });
});
