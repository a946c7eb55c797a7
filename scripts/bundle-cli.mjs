// Bundles the compiled CLI (dist/cli/index.js and everything it imports from dist/) into a few files in dist/bundle/.
// Why: node resolves, reads and compiles each ES module on its own; the 120 modules of `driftgate check` cost
// ~100 ms of start-up, a third of a whole check of 300 migrations. Packages stay external, and commands stay lazy
// chunks (code splitting), so a hook with nothing to judge still loads only what it needs.
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// `node scripts/bundle-cli.mjs [DIST]`: DIST defaults to the repository's dist/ (the bench bundles its own copy).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? resolve(root, 'dist'));
const outdir = resolve(dist, 'bundle');

/** Keeps `import.meta.url` meaning the module's own compiled file: workers, templates, the package.json and
 * createRequire are found relative to it, and those files stay where tsc wrote them. */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async ({ path }) => {
      const code = await readFile(path, 'utf8');
      if (!code.includes('import.meta.url')) return { contents: code, loader: 'js' };
      const rel = relative(outdir, path).split('\\').join('/');
      return { contents: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

await build({
  entryPoints: [resolve(dist, 'cli/index.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [ownUrl],
  logLevel: 'warning',
});
