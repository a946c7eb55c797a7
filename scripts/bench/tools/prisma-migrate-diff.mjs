// What a Prisma user runs to learn whether the migrations folder matches schema.prisma: `prisma migrate diff
// --from-migrations <dir> --to-schema <schema> --shadow-database-url <server> --exit-code`. The prisma CLI cannot
// fetch its native engine here, so this runs the same call on the same schema engine (the wasm build, in-process):
// a shadow database is created on the server, every migration applied to it, introspected, diffed, dropped.
// Usage: node prisma-migrate-diff.mjs <dist dir> <migrations dir> <server url> <schema files...>; exit 0 equal, 2 differs.
import { join } from 'node:path';
const [dist, migrations, url, ...schemaFiles] = process.argv.slice(2);
const { withSchemaEngine, migrationList, NO_FILTER, readSchemaFiles } = await import(join(dist, 'systems/prisma/engine/engine-session.js'));
const { loadPrismaFolder } = await import(join(dist, 'systems/prisma/load-folder.js'));
const { fsSource } = await import(join(dist, 'folder/fs-source.js'));
const schema = await readSchemaFiles(process.cwd(), schemaFiles);
const list = await migrationList(await loadPrismaFolder(fsSource(migrations), 'migrations'), migrations);
const result = await withSchemaEngine({ projectDir: process.cwd(), url, schema }, (engine) =>
  engine.diff({ from: { tag: 'migrations', ...list }, to: { tag: 'schemaDatamodel', files: schema }, script: false, exitCode: true, filters: NO_FILTER }));
process.stdout.write(result.stdout ?? '');
process.exit(result.exitCode);
