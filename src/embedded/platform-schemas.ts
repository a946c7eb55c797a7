import type { EmbeddedPg } from './host/worker-host.js';

/** Schemas a platform preamble created on an embedded database (Supabase: auth, storage, …). Their objects are the
 * platform's: a snapshot that mirrors them (drizzle's `pgSchema('auth').table('users', …)` without `.existing()`)
 * describes them only roughly, and no migration made them, so the replay does not compare them. */
const bySession = new WeakMap<EmbeddedPg, string[]>();

export function setPlatformSchemas(pg: EmbeddedPg, schemas: string[]): void {
  bySession.set(pg, schemas);
}

export function platformSchemasOf(pg: EmbeddedPg): string[] {
  return bySession.get(pg) ?? [];
}

/** Whether a comparison key (`auth.users/column:email`, `enum:auth.factor_type`) is about an object in `schemas`. */
export function inSchemas(key: string | undefined, schemas: string[]): boolean {
  if (!key || schemas.length === 0) return false;
  const object = key.split('/')[0].replace(/^[a-z]+:/, '');
  return schemas.includes(object.slice(0, object.indexOf('.')));
}
