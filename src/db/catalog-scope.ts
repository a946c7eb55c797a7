import type { CatalogModel } from './catalog-model.js';

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

/** Keeps only the focus tables of an expected model (schemas stay whole; enums, sequences and views too unless
 * `others` is false, see othersInFocus). */
export function restrictModel(model: CatalogModel, focus: Set<string>, others = true): CatalogModel {
  const tables = new Map([...model.tables].filter(([key]) => focus.has(key)));
  return others ? { ...model, tables } : { ...model, tables, enums: new Map(), sequences: new Map(), views: new Map() };
}
