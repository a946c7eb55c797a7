import { readFileSync } from 'node:fs';
const { PGlite } = await import('@electric-sql/pglite');
const dist = new URL('./node_modules/@electric-sql/pglite/dist/', import.meta.url);
const tar = new Blob([readFileSync('/tmp/dgcache2/pglite-0.4.6-t3.tar')]);
let t0 = performance.now();
if (process.argv[2] === 'pre') {
  const mod = await WebAssembly.compile(readFileSync(new URL('pglite.wasm', dist)));
  const fsBundle = new Blob([readFileSync(new URL('pglite.data', dist))]);
  const tPre = performance.now() - t0;
  t0 = performance.now();
  const pg = await PGlite.create({ loadDataDir: tar, pgliteWasmModule: mod, fsBundle, relaxedDurability: true });
  await pg.query('select 1');
  console.log('pre', tPre.toFixed(0), 'create', (performance.now() - t0).toFixed(0));
} else {
  const pg = await PGlite.create({ loadDataDir: tar, relaxedDurability: true });
  await pg.query('select 1');
  console.log('plain create', (performance.now() - t0).toFixed(0));
}
process.exit(0);
