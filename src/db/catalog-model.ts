/** A database schema in one normalised shape, whichever side it came from: the live catalog (`introspect`) or a
 * drizzle snapshot (`expectedFromSnapshot`). `compareSchema` compares two of these; it never compares raw strings
 * from the two sides — every type, default and expression here is already normalised (see normalize.ts). */
export interface CatalogModel {
  /** Schema names (public included when used). */
  schemas: Set<string>;
  /** Keyed by `schema.name`. */
  tables: Map<string, TableModel>;
  enums: Map<string, EnumModel>;
  sequences: Map<string, SequenceModel>;
  views: Map<string, ViewModel>;
}

export interface TableModel {
  schema: string;
  name: string;
  /** In column order; keyed by column name. */
  columns: Map<string, ColumnModel>;
  indexes: Map<string, IndexModel>;
  foreignKeys: Map<string, ForeignKeyModel>;
  uniques: Map<string, UniqueModel>;
  checks: Map<string, CheckModel>;
  primaryKey?: PrimaryKeyModel;
  rlsEnabled: boolean;
  policies: Map<string, PolicyModel>;
}

export interface ColumnModel {
  name: string;
  /** Canonical type, e.g. `character varying(256)`, `numeric(10,2)`, `timestamp(3) with time zone`, `integer[]`,
   * `enum:other.mood[]`. */
  type: string;
  notNull: boolean;
  /** Canonical default (see normalize.ts), `nextval()` for serial columns; undefined when none. */
  default?: string;
  /** Readable default for messages (the original text). */
  defaultText?: string;
  identity?: 'always' | 'byDefault';
  /** Canonical generated-column expression (STORED). */
  generated?: string;
  generatedText?: string;
}

export interface IndexModel {
  name: string;
  unique: boolean;
  method: string;
  /** Canonical key parts, e.g. `name`, `lower(low)`, `si desc nulls last`. */
  keys: string[];
  /** Canonical WHERE predicate, or '' when none. */
  where: string;
}

export interface ForeignKeyModel {
  name: string;
  columns: string[];
  /** `schema.table` referenced. */
  references: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface UniqueModel {
  name: string;
  columns: string[];
  nullsNotDistinct: boolean;
}

export interface CheckModel {
  name: string;
  /** Canonical expression. */
  expression: string;
  text: string;
}

export interface PrimaryKeyModel {
  name?: string;
  columns: string[];
}

export interface PolicyModel {
  name: string;
  /** PERMISSIVE / RESTRICTIVE. */
  as: string;
  /** ALL / SELECT / INSERT / UPDATE / DELETE. */
  for: string;
  /** USING and WITH CHECK expressions: null when the policy has none; undefined (expected side) when unknown, then
   * not compared. */
  using?: string | null;
  withCheck?: string | null;
  /** Printed by the same Postgres as the live side (the replay): compared as text, not loosely. */
  printed?: boolean;
}

export interface EnumModel {
  schema: string;
  name: string;
  values: string[];
}

export interface SequenceModel {
  schema: string;
  name: string;
  increment?: string;
}

export interface ViewModel {
  schema: string;
  name: string;
  materialized: boolean;
  /** The SELECT (undefined when unknown: not compared). */
  definition?: string;
  /** Printed by the same Postgres as the live side (the replay): compared as text, not loosely. */
  printed?: boolean;
}

export function emptyCatalog(): CatalogModel {
  return { schemas: new Set(), tables: new Map(), enums: new Map(), sequences: new Map(), views: new Map() };
}

export function emptyTable(schema: string, name: string): TableModel {
  return { schema, name, columns: new Map(), indexes: new Map(), foreignKeys: new Map(), uniques: new Map(), checks: new Map(), rlsEnabled: false, policies: new Map() };
}

export const qualified = (schema: string, name: string) => `${schema}.${name}`;

/** Records every schema the model's objects live in (the schemas to introspect and compare). */
export function collectSchemas(model: CatalogModel): CatalogModel {
  for (const t of model.tables.values()) model.schemas.add(t.schema);
  for (const e of model.enums.values()) model.schemas.add(e.schema);
  for (const s of model.sequences.values()) model.schemas.add(s.schema);
  for (const v of model.views.values()) model.schemas.add(v.schema);
  return model;
}
