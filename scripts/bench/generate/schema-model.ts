/**
 * A plain-data description of a drizzle pg schema. The generator evolves it step by step; `to-drizzle.ts` turns it
 * into pgTable objects for drizzle-kit's API, `to-source.ts` into a schema.ts for the drizzle-kit CLI (self-check).
 * Models are immutable: an unchanged table keeps its identity, so its drizzle objects can be reused.
 */
export type ColumnType = 'serial' | 'integer' | 'bigint' | 'text' | 'varchar' | 'boolean' | 'timestamp' | 'uuid' | 'jsonb' | 'numeric' | 'enum';

export type ColumnDefault = 'now' | 'random' | 'zero' | 'false' | 'true' | 'emptyJson' | { text: string };

export interface ColumnModel {
  readonly name: string;
  readonly type: ColumnType;
  readonly length?: number;
  readonly enumName?: string;
  readonly notNull?: boolean;
  readonly primaryKey?: boolean;
  readonly unique?: boolean;
  readonly default?: ColumnDefault;
  /** A foreign key to `table`.id; `name` is set when drizzle's default name would pass Postgres' 63-byte limit. */
  readonly references?: { readonly table: string; readonly onDelete: 'cascade' | 'set null' | 'no action'; readonly name?: string };
}

export interface IndexModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface TableModel {
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  readonly indexes: readonly IndexModel[];
}

export interface EnumModel {
  readonly name: string;
  readonly values: readonly string[];
}

export interface SchemaModel {
  readonly enums: readonly EnumModel[];
  readonly tables: readonly TableModel[];
}

export const EMPTY_SCHEMA: SchemaModel = { enums: [], tables: [] };

/** Postgres truncates identifiers to 63 bytes; real projects name long constraints explicitly. */
export const MAX_IDENTIFIER = 63;

/** snake_case → camelCase, for TypeScript export and property names. */
export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Tables in the order drizzle-kit lists them in a snapshot: by export name (module namespace order). */
export function inExportOrder(tables: readonly TableModel[]): TableModel[] {
  return [...tables].sort((a, b) => (camel(a.name) < camel(b.name) ? -1 : camel(a.name) > camel(b.name) ? 1 : 0));
}
