import type { Migration, MigrationFolder } from '../folder/migration-folder.js';
import { readSnapshotJson } from '../folder/read-files.js';
import { analyseStatements, type AnalysedStatement, type DdlAction, type TableRef } from './ddl-actions.js';
import { isSerial, typeChangeRewrite, volatileDefault } from './column-types.js';
import type { SqlStatement } from './scan-sql.js';

export type SafetyRuleId =
  | 'lock/create-index'
  | 'lock/table-rewrite'
  | 'lock/validate-constraint'
  | 'lock/set-not-null'
  | 'data/not-null-without-default'
  | 'data/unique-on-existing'
  | 'destructive/drop-table'
  | 'destructive/drop-column'
  | 'compat/rename-table'
  | 'compat/rename-column';

/** Postgres table lock modes the hazards take (docs: "Explicit Locking"). */
export type LockLevel = 'SHARE' | 'SHARE ROW EXCLUSIVE' | 'ACCESS EXCLUSIVE';

/** One risky statement on an object that existed before the migrations under judgement. */
export interface Hazard {
  rule: SafetyRuleId;
  migration: Migration;
  line: number;
  /** The statement's first line, shortened: what the message quotes. */
  statement: string;
  table: TableRef;
  column?: string;
  lock: LockLevel;
  /** Rule-specific detail: why the table is rewritten, which constraint kind, … */
  detail?: string;
  /** A foreign key's referenced table (locked too). */
  referenced?: TableRef;
  /** VALIDATE CONSTRAINT of a constraint added NOT VALID in the same deploy (one transaction: nothing gained). */
  sameDeploy?: boolean;
  /** Found by the embedded replay's trace alone (a rewrite the text did not predict). */
  traced?: boolean;
}

export interface SafetyAnalysisInput {
  folder: MigrationFolder;
  /** Migrations not applied by any database yet, in apply order; hazards are reported for `judged` ones only. */
  fresh: Migration[];
  judged: Set<string>;
  /** `--all`: every judged migration alone, as if it were the only new one (earlier migrations are history). */
  each: boolean;
  postgresVersion: number;
  statements(migration: Migration): Promise<SqlStatement[] | null>;
}

/** What the migrations under judgement created so far: objects on which no lock or data rule fires. */
class NewObjects {
  tables = new Set<string>();
  columns = new Set<string>();
  types = new Map<string, string>();
  notValid = new Set<string>();

  tableIsNew(table: TableRef): boolean {
    return this.tables.has(table.key);
  }

  columnIsNew(table: TableRef, column: string): boolean {
    return this.tables.has(table.key) || this.columns.has(`${table.key}.${column}`);
  }

  renameTable(from: string, to: string): void {
    if (this.tables.delete(from)) this.tables.add(to);
    for (const set of [this.columns, this.notValid]) {
      for (const key of [...set]) if (key.startsWith(`${from}.`)) set.delete(key), set.add(to + key.slice(from.length));
    }
    for (const [key, type] of [...this.types]) if (key.startsWith(`${from}.`)) this.types.delete(key), this.types.set(to + key.slice(from.length), type);
  }

  renameColumn(table: string, from: string, to: string): void {
    if (this.columns.delete(`${table}.${from}`)) this.columns.add(`${table}.${to}`);
    const type = this.types.get(`${table}.${from}`);
    if (type !== undefined) this.types.delete(`${table}.${from}`), this.types.set(`${table}.${to}`, type);
  }
}

/** The hazards of the judged migrations: one walk over the SQL of the fresh migrations, in apply order. */
export async function analyseSafety(input: SafetyAnalysisInput): Promise<Hazard[]> {
  const hazards: Hazard[] = [];
  const types = new SnapshotTypes(input.folder);
  const history = new HistoryChecks(input);
  const sqls = await Promise.all(input.fresh.map((m) => input.statements(m)));
  let state = new NewObjects();
  for (const [i, migration] of input.fresh.entries()) {
    if (input.each) state = new NewObjects();
    const judged = input.judged.has(migration.tag);
    for (const analysed of analyseStatements(sqls[i] ?? [])) {
      for (const action of analysed.actions) {
        const found = await judgeAction(action, state, { types, history, migration, postgresVersion: input.postgresVersion });
        if (judged) for (const h of found) hazards.push({ ...h, migration, line: analysed.line, statement: quote(analysed) });
      }
    }
  }
  return hazards;
}

type Found = Omit<Hazard, 'migration' | 'line' | 'statement'>;

interface Judge {
  types: SnapshotTypes;
  history: HistoryChecks;
  migration: Migration;
  postgresVersion: number;
}

/** Hazards of one action, and what it teaches `state` (creates, renames, drops). */
async function judgeAction(action: DdlAction, state: NewObjects, j: Judge): Promise<Found[]> {
  const { table } = action;
  const existing = !state.tableIsNew(table);
  switch (action.kind) {
    case 'create-table':
      state.tables.add(table.key);
      return [];
    case 'drop-table':
      state.tables.delete(table.key);
      return existing ? [{ rule: 'destructive/drop-table', table, lock: 'ACCESS EXCLUSIVE' }] : [];
    case 'rename-table':
      state.renameTable(table.key, action.to.key);
      return existing ? [{ rule: 'compat/rename-table', table, lock: 'ACCESS EXCLUSIVE', detail: action.to.display }] : [];
    case 'create-index': {
      if (!existing || action.concurrently) return [];
      const found: Found[] = [{ rule: 'lock/create-index', table, lock: 'SHARE', detail: action.name }];
      if (action.unique && !allNew(state, table, action.columns)) found.push({ rule: 'data/unique-on-existing', table, lock: 'SHARE', detail: describeColumns(action.columns) });
      return found;
    }
    case 'add-column': {
      const wasNew = state.columnIsNew(table, action.column);
      state.columns.add(`${table.key}.${action.column}`);
      state.types.set(`${table.key}.${action.column}`, action.type);
      if (!existing || wasNew) return [];
      const found: Found[] = [];
      const fills = isSerial(action.type) || action.generated !== undefined;
      if (action.notNull && action.default === undefined && !fills) found.push({ rule: 'data/not-null-without-default', table, column: action.column, lock: 'ACCESS EXCLUSIVE' });
      const rewrite = addColumnRewrite(action, j.postgresVersion);
      if (rewrite) found.push({ rule: 'lock/table-rewrite', table, column: action.column, lock: 'ACCESS EXCLUSIVE', detail: rewrite });
      return found;
    }
    case 'drop-column': {
      const wasNew = state.columnIsNew(table, action.column);
      state.columns.delete(`${table.key}.${action.column}`);
      return wasNew ? [] : [{ rule: 'destructive/drop-column', table, column: action.column, lock: 'ACCESS EXCLUSIVE' }];
    }
    case 'rename-column': {
      const wasNew = state.columnIsNew(table, action.column);
      state.renameColumn(table.key, action.column, action.to);
      return wasNew ? [] : [{ rule: 'compat/rename-column', table, column: action.column, lock: 'ACCESS EXCLUSIVE', detail: action.to }];
    }
    case 'alter-type': {
      const key = `${table.key}.${action.column}`;
      const before = state.types.get(key) ?? (await j.types.columnType(j.migration, table, action.column));
      state.types.set(key, action.type);
      if (!existing) return [];
      const rewrite = typeChangeRewrite(before, action.type, action.using);
      return rewrite ? [{ rule: 'lock/table-rewrite', table, column: action.column, lock: 'ACCESS EXCLUSIVE', detail: rewrite }] : [];
    }
    case 'set-not-null': {
      if (state.columnIsNew(table, action.column)) return [];
      if (j.postgresVersion >= 12 && (await j.history.validatedNotNullCheck(j.migration, table, action.column))) return [];
      return [{ rule: 'lock/set-not-null', table, column: action.column, lock: 'ACCESS EXCLUSIVE' }];
    }
    case 'add-constraint':
      return addConstraint(action, state, existing);
    case 'validate-constraint':
      return state.notValid.has(`${table.key}.${action.name}`)
        ? [{ rule: 'lock/validate-constraint', table, lock: 'ACCESS EXCLUSIVE', detail: action.name, sameDeploy: true }]
        : [];
  }
}

function addConstraint(action: Extract<DdlAction, { kind: 'add-constraint' }>, state: NewObjects, existing: boolean): Found[] {
  const { table } = action;
  if (action.notValid && action.name) state.notValid.add(`${table.key}.${action.name}`);
  if (!existing) return [];
  switch (action.constraint) {
    case 'foreign-key':
      return action.notValid ? [] : [{ rule: 'lock/validate-constraint', table, lock: 'SHARE ROW EXCLUSIVE', detail: 'foreign key', referenced: action.references }];
    case 'check':
      return action.notValid ? [] : [{ rule: 'lock/validate-constraint', table, lock: 'ACCESS EXCLUSIVE', detail: 'check' }];
    case 'exclude':
      return [{ rule: 'lock/create-index', table, lock: 'ACCESS EXCLUSIVE', detail: action.name }];
    default: {
      if (action.usingIndex) return [];
      const found: Found[] = [{ rule: 'lock/create-index', table, lock: 'ACCESS EXCLUSIVE', detail: action.name }];
      if (!allNew(state, table, action.columns)) found.push({ rule: 'data/unique-on-existing', table, lock: 'ACCESS EXCLUSIVE', detail: describeColumns(action.columns) });
      return found;
    }
  }
}

function addColumnRewrite(action: Extract<DdlAction, { kind: 'add-column' }>, postgresVersion: number): string | null {
  if (isSerial(action.type)) return `${action.type} fills every existing row from its sequence`;
  if (action.generated === 'identity') return 'an identity column fills every existing row from its sequence';
  if (action.generated === 'stored') return 'a stored generated column is computed for every existing row';
  if (action.default !== undefined && volatileDefault(action.default)) return `the default ${action.default} is volatile, so every existing row gets its own value`;
  if (action.default !== undefined && postgresVersion < 11) return `before Postgres 11 any default is written into every existing row`;
  return null;
}

function allNew(state: NewObjects, table: TableRef, columns: string[] | null): boolean {
  return columns !== null && columns.length > 0 && columns.every((c) => state.columnIsNew(table, c));
}

function describeColumns(columns: string[] | null): string | undefined {
  return columns ? columns.join(', ') : undefined;
}

/** A statement's text as a finding quotes it: one line, at most 120 characters. */
export function quote(analysed: AnalysedStatement): string {
  const text = analysed.statement.text.replace(/^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '').replace(/\s+/g, ' ').replace(/;$/, '');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Column types as the parent snapshot recorded them (0.x `tables`, 1.0 `ddl`), read only when a type changes. */
class SnapshotTypes {
  private cache = new Map<number, Promise<Map<string, string>>>();
  constructor(private readonly folder: MigrationFolder) {}

  async columnType(migration: Migration, table: TableRef, column: string): Promise<string | undefined> {
    let types = this.cache.get(migration.index);
    if (!types) this.cache.set(migration.index, (types = this.load(this.folder.migrations[migration.index - 1])));
    return (await types).get(`${table.key}.${column}`);
  }

  private async load(parent: Migration | undefined): Promise<Map<string, string>> {
    const types = new Map<string, string>();
    if (!parent?.snapshot || parent.snapshot.header.error) return types;
    const snapshot = await readSnapshotJson(this.folder, parent.snapshot.path);
    const tables = snapshot?.tables;
    if (tables && typeof tables === 'object') {
      for (const t of Object.values(tables as Record<string, { name?: string; schema?: string; columns?: Record<string, { name?: string; type?: string }> }>)) {
        for (const c of Object.values(t.columns ?? {})) if (c.name && c.type) types.set(`${t.schema || 'public'}.${t.name}.${c.name}`, c.type);
      }
    }
    const ddl = snapshot?.ddl;
    if (Array.isArray(ddl)) {
      for (const row of ddl as { entityType?: string; schema?: string; table?: string; name?: string; type?: string; dimensions?: number }[]) {
        if (row.entityType === 'columns' && row.table && row.name && row.type) types.set(`${row.schema || 'public'}.${row.table}.${row.name}`, row.type + '[]'.repeat(row.dimensions ?? 0));
      }
    }
    return types;
  }
}

interface HistoryCheck {
  index: number;
  table: string;
  name?: string;
  check?: string;
  notValid: boolean;
}

/** Facts about migrations applied before the fresh ones, read only when a rule needs them. */
class HistoryChecks {
  private facts: Promise<{ checks: HistoryCheck[]; validated: Map<string, number> }> | undefined;
  constructor(private readonly input: SafetyAnalysisInput) {}

  /** Whether a history migration added a CHECK (col IS NOT NULL) and validated it: SET NOT NULL then skips its scan
   * (Postgres 12+). A check added in the same deploy does not help: one transaction holds its lock throughout. */
  async validatedNotNullCheck(migration: Migration, table: TableRef, column: string): Promise<boolean> {
    const before = this.input.each ? migration.index : (this.input.fresh[0]?.index ?? migration.index);
    const { checks, validated } = await this.load();
    const pattern = new RegExp(`^\\(?\\s*${escape(column)}\\s+IS\\s+NOT\\s+NULL\\s*\\)?$`);
    return checks.some(
      (c) => c.index < before && c.table === table.key && pattern.test(c.check ?? '') && (!c.notValid || (validated.get(`${c.table}.${c.name}`) ?? Infinity) < before),
    );
  }

  private load() {
    // One read of the folder's SQL per run, and only when a SET NOT NULL is judged.
    this.facts ??= (async () => {
      const checks: HistoryCheck[] = [];
      const validated = new Map<string, number>();
      const migrations = this.input.folder.migrations;
      const all = await Promise.all(migrations.map((m) => this.input.statements(m)));
      all.forEach((statements, index) => {
        for (const { actions } of analyseStatements(statements ?? [])) {
          for (const a of actions) {
            if (a.kind === 'add-constraint' && a.constraint === 'check') checks.push({ index, table: a.table.key, name: a.name, check: a.check, notValid: a.notValid });
            if (a.kind === 'validate-constraint' && !validated.has(`${a.table.key}.${a.name}`)) validated.set(`${a.table.key}.${a.name}`, index);
          }
        }
      });
      return { checks, validated };
    })();
    return this.facts;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
