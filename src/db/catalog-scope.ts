/** Part of a schema: these tables (`schema.name` keys) and, with `others`, the enums, sequences and views. */
export interface CatalogScope {
  tables: Set<string>;
  others: boolean;
}

/** Whether a db/* finding key (`public.users`, `public.users/unique:users_email_key`, `enum:public.mood`) is about
 * an object in the scope. */
export function inScope(key: string | undefined, scope: CatalogScope): boolean {
  if (!key) return true;
  if (/^(enum|view|sequence):/.test(key)) return scope.others;
  return scope.tables.has(key.split('/')[0]);
}
