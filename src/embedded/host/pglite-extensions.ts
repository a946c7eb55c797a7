/** PGlite's extensions, shared by the replay's worker thread and any in-thread PGlite (Prisma's engine shadow). */
import type { Extension, PGlite } from '@electric-sql/pglite';

/** PGlite's bundle for an extension: the top-level bundles (`@electric-sql/pglite/vector`, `/pg_ivm`, …) and the
 * contrib ones (`@electric-sql/pglite/contrib/pg_trgm`, `/contrib/uuid_ossp`, …); undefined when this PGlite has
 * none. The export is named like the module, `-` written `_`. */
export async function bundleOf(name: string): Promise<Extension | undefined> {
  if (!/^[a-z0-9_-]+$/i.test(name)) return undefined;
  const id = name.toLowerCase().replace(/-/g, '_');
  for (const specifier of [`@electric-sql/pglite/${id}`, `@electric-sql/pglite/contrib/${id}`]) {
    try {
      const mod = (await import(specifier)) as Record<string, unknown>;
      const ext = mod[id] as Extension | undefined;
      if (ext && typeof ext.setup === 'function') return ext;
    } catch {
      // not in this PGlite: try the next place
    }
  }
  return undefined;
}

/** An empty extension of that name, so `CREATE EXTENSION` of something PGlite cannot provide succeeds and the replay
 * goes on: statements that need the extension's types or functions then fail on their own. */
export async function installStub(pg: PGlite, name: string): Promise<void> {
  const { rows } = await pg.query<{ setting: string }>(`select setting from pg_config where name = 'SHAREDIR'`);
  const dir = `${rows[0].setting}/extension`;
  const comment = 'stub created by driftgate: not available in the embedded Postgres';
  pg.Module.FS.writeFile(`${dir}/${name}.control`, `comment = '${comment}'\ndefault_version = '0'\nrelocatable = true\n`);
  pg.Module.FS.writeFile(`${dir}/${name}--0.sql`, `-- ${comment}\n`);
}

/** Extension bundles for these names (as `PGlite.create` takes them), and the names this PGlite cannot provide. */
export async function extensionBundles(names: string[]): Promise<{ extensions: Record<string, Extension>; unavailable: string[] }> {
  const extensions: Record<string, Extension> = {};
  const unavailable: string[] = [];
  for (const name of names) {
    const ext = await bundleOf(name);
    if (ext) extensions[name.toLowerCase().replace(/-/g, '_')] = ext;
    else unavailable.push(name);
  }
  return { extensions, unavailable };
}
