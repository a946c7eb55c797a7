import { firstWord, scanSql, type SqlStatement } from './scan-sql.js';
import { Cursor, splitTopLevel, tokenize, type Token } from './ddl-tokens.js';

/** A table as a statement names it, and its key (`schema.name`, `public` when unqualified). */
export interface TableRef {
  key: string;
  /** How to show it: `public.users`. */
  display: string;
}

/** What one DDL statement does, in the terms the safety rules judge. Statements they do not judge yield nothing. */
export type DdlAction =
  | { kind: 'create-table'; table: TableRef }
  | { kind: 'drop-table'; table: TableRef }
  | { kind: 'rename-table'; table: TableRef; to: TableRef }
  | { kind: 'create-index'; table: TableRef; name?: string; unique: boolean; concurrently: boolean; columns: string[] | null }
  | { kind: 'add-column'; table: TableRef; column: string; type: string; notNull: boolean; default?: string; generated?: 'identity' | 'stored'; unique: boolean; primaryKey: boolean }
  | { kind: 'drop-column'; table: TableRef; column: string }
  | { kind: 'rename-column'; table: TableRef; column: string; to: string }
  | { kind: 'alter-type'; table: TableRef; column: string; type: string; using: boolean }
  | { kind: 'set-not-null'; table: TableRef; column: string }
  | { kind: 'add-constraint'; table: TableRef; name?: string; constraint: 'foreign-key' | 'check' | 'unique' | 'primary-key' | 'exclude'; notValid: boolean; usingIndex: boolean; columns: string[] | null; references?: TableRef; check?: string }
  | { kind: 'validate-constraint'; table: TableRef; name: string };

/** A statement and what it does; `line` is where it starts in its file (statements inside a DO block included). */
export interface AnalysedStatement {
  statement: SqlStatement;
  line: number;
  actions: DdlAction[];
}

export function tableRef(q: { schema?: string; name: string }): TableRef {
  const schema = q.schema ?? 'public';
  return { key: `${schema}.${q.name}`, display: `${schema}.${q.name}` };
}

/** The statements of a migration file with their actions, DO-block bodies opened (older drizzle-kit wraps every
 * foreign key in `DO $$ BEGIN … EXCEPTION WHEN duplicate_object …`). */
export function analyseStatements(statements: SqlStatement[]): AnalysedStatement[] {
  const out: AnalysedStatement[] = [];
  for (const statement of statements) {
    const word = firstWord(statement);
    if (word === 'DO') out.push(...doBlock(statement));
    else if (word === 'CREATE' || word === 'ALTER' || word === 'DROP') out.push({ statement, line: statement.line, actions: ddlActions(statement) });
  }
  return out;
}

const DO_BODY = /^((?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*DO\s*(?:LANGUAGE\s+\w+\s*)?)\$(\w*)\$([\s\S]*?)\$\2\$/i;

function doBlock(statement: SqlStatement): AnalysedStatement[] {
  const text = statement.text;
  const m = DO_BODY.exec(text);
  if (!m) return [];
  // Only the block's main part: the EXCEPTION handlers do not run on success.
  const bodyStart = m[1].length + m[2].length + 2;
  const body = m[3].replace(/^\s*BEGIN\b/i, (s) => s.replace(/[^\n]/g, ' ')).replace(/\bEXCEPTION\b[\s\S]*$/i, '');
  const doLine = statement.line + count(text.slice(0, text.search(/\bDO\b/i)), '\n') - count(text.slice(0, firstCode(text)), '\n');
  const bodyLine = doLine + count(text.slice(text.search(/\bDO\b/i), bodyStart), '\n');
  return analyseStatements(scanSql(body).map(unwrapControl)).map((inner) => ({ ...inner, line: bodyLine + inner.line - 1 }));
}

const CONTROL = /^\s*(IF|ELSIF|ELSE|BEGIN|LOOP)\b/i;

/** The statement inside PL/pgSQL control flow: `IF EXISTS (…) THEN ALTER TABLE …` → `ALTER TABLE …` (kaneo-style
 * idempotent migrations guard each DDL statement this way). */
function unwrapControl(statement: SqlStatement): SqlStatement {
  let code = statement.code;
  let line = statement.line;
  for (let guard = 0; guard < 8; guard++) {
    const m = CONTROL.exec(code);
    if (!m) break;
    const word = m[1].toUpperCase();
    const cut = word === 'IF' || word === 'ELSIF' ? thenAt(code, m[0].length) : m[0].length;
    if (cut < 0) break;
    line += count(code.slice(0, cut), '\n');
    code = code.slice(cut);
    line += count(code.slice(0, code.length - code.trimStart().length), '\n');
    code = code.trimStart();
  }
  if (code === statement.code) return statement;
  return { code, text: code, line, codeHead: (length: number) => code.slice(0, length) };
}

/** Offset just after the THEN that closes an IF condition (outside parentheses), or -1. */
function thenAt(code: string, from: number): number {
  let depth = 0;
  for (let i = from; i < code.length; i++) {
    const c = code[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /^THEN\b/i.test(code.slice(i, i + 5)) && !/\w/.test(code[i - 1] ?? '')) return i + 4;
  }
  return -1;
}

function firstCode(text: string): number {
  return /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/.exec(text)?.[0].length ?? 0;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** The actions of one CREATE / ALTER / DROP statement. */
export function ddlActions(statement: SqlStatement): DdlAction[] {
  const head = statement.codeHead(200).trimStart().toUpperCase();
  if (/^CREATE\s+(UNLOGGED\s+|TEMP(ORARY)?\s+)?TABLE\b/.test(head)) return createTable(new Cursor(tokenize(statement.code, 400)));
  if (/^CREATE\s+(UNIQUE\s+)?INDEX\b/.test(head)) return createIndex(new Cursor(tokenize(statement.code, 2000)));
  if (/^ALTER\s+TABLE\b/.test(head)) return alterTable(new Cursor(tokenize(statement.code)));
  if (/^DROP\s+TABLE\b/.test(head)) return dropTable(new Cursor(tokenize(statement.code)));
  return [];
}

function createTable(c: Cursor): DdlAction[] {
  c.accept('CREATE');
  c.accept('UNLOGGED') || c.accept('TEMP') || c.accept('TEMPORARY');
  c.accept('TABLE');
  c.accept('IF', 'NOT', 'EXISTS');
  const name = c.qualifiedName();
  return name ? [{ kind: 'create-table', table: tableRef(name) }] : [];
}

function createIndex(c: Cursor): DdlAction[] {
  c.accept('CREATE');
  const unique = c.accept('UNIQUE');
  c.accept('INDEX');
  const concurrently = c.accept('CONCURRENTLY');
  c.accept('IF', 'NOT', 'EXISTS');
  const name = c.is('ON') ? undefined : c.name();
  if (!c.accept('ON')) return [];
  c.accept('ONLY');
  const table = c.qualifiedName();
  if (!table) return [];
  if (c.accept('USING')) c.next();
  const columns = columnList(c.group());
  return [{ kind: 'create-index', table: tableRef(table), name, unique, concurrently, columns }];
}

/** Plain column names of an index or constraint column list; null when an element is an expression. */
function columnList(tokens: Token[]): string[] | null {
  const columns: string[] = [];
  for (const part of splitTopLevel(tokens)) {
    const first = part[0];
    if (!first || (first.kind !== 'ident' && first.kind !== 'word') || part[1]?.value === '(') return null;
    columns.push(first.kind === 'ident' ? first.value : first.value.toLowerCase());
  }
  return columns;
}

function dropTable(c: Cursor): DdlAction[] {
  c.accept('DROP');
  c.accept('TABLE');
  c.accept('IF', 'EXISTS');
  const out: DdlAction[] = [];
  for (const part of splitTopLevel(c.tokens.slice(c.at))) {
    const name = new Cursor(part).qualifiedName();
    if (name) out.push({ kind: 'drop-table', table: tableRef(name) });
  }
  return out;
}

function alterTable(c: Cursor): DdlAction[] {
  c.accept('ALTER');
  c.accept('TABLE');
  c.accept('IF', 'EXISTS');
  c.accept('ONLY');
  const name = c.qualifiedName();
  if (!name) return [];
  c.accept('*');
  const table = tableRef(name);
  if (c.accept('RENAME', 'TO')) {
    const to = c.name();
    return to ? [{ kind: 'rename-table', table, to: tableRef({ schema: name.schema, name: to }) }] : [];
  }
  if (c.accept('RENAME')) {
    if (c.is('CONSTRAINT')) return [];
    c.accept('COLUMN');
    const column = c.name();
    const to = c.accept('TO') ? c.name() : undefined;
    return column && to ? [{ kind: 'rename-column', table, column, to }] : [];
  }
  return splitTopLevel(c.tokens.slice(c.at)).flatMap((part) => alterAction(table, new Cursor(part)));
}

const COLUMN_CONSTRAINT = new Set(['NOT', 'NULL', 'DEFAULT', 'PRIMARY', 'UNIQUE', 'REFERENCES', 'CHECK', 'GENERATED', 'CONSTRAINT', 'COLLATE']);

function alterAction(table: TableRef, c: Cursor): DdlAction[] {
  if (c.accept('ADD')) {
    if (c.is('CONSTRAINT') || c.is('PRIMARY') || c.is('UNIQUE') || c.is('FOREIGN') || c.is('CHECK') || c.is('EXCLUDE')) return [addConstraint(table, c)];
    c.accept('COLUMN');
    c.accept('IF', 'NOT', 'EXISTS');
    return addColumn(table, c);
  }
  if (c.accept('DROP')) {
    if (c.is('CONSTRAINT')) return [];
    c.accept('COLUMN');
    c.accept('IF', 'EXISTS');
    const column = c.name();
    return column ? [{ kind: 'drop-column', table, column }] : [];
  }
  if (c.accept('VALIDATE', 'CONSTRAINT')) {
    const name = c.name();
    return name ? [{ kind: 'validate-constraint', table, name }] : [];
  }
  if (c.accept('ALTER')) {
    c.accept('COLUMN');
    const column = c.name();
    if (!column) return [];
    if (c.accept('SET', 'NOT', 'NULL')) return [{ kind: 'set-not-null', table, column }];
    if (c.accept('SET', 'DATA', 'TYPE') || c.accept('TYPE')) {
      const rest = c.tokens.slice(c.at);
      const usingAt = rest.findIndex((t) => t.kind === 'word' && t.value === 'USING');
      const typeTokens = (usingAt < 0 ? rest : rest.slice(0, usingAt)).filter((t) => !(t.kind === 'word' && t.value === 'COLLATE'));
      return [{ kind: 'alter-type', table, column, type: typeText(typeTokens), using: usingAt >= 0 }];
    }
  }
  return [];
}

function addColumn(table: TableRef, c: Cursor): DdlAction[] {
  const column = c.name();
  if (!column) return [];
  const typeTokens: Token[] = [];
  while (!c.done() && !(c.peek()!.kind === 'word' && COLUMN_CONSTRAINT.has(c.peek()!.value))) {
    if (c.is('(')) typeTokens.push({ kind: 'punct', value: '(' }, ...c.group(), { kind: 'punct', value: ')' });
    else typeTokens.push(c.next()!);
  }
  const action: Extract<DdlAction, { kind: 'add-column' }> = { kind: 'add-column', table, column, type: typeText(typeTokens), notNull: false, unique: false, primaryKey: false };
  while (!c.done()) {
    if (c.accept('NOT', 'NULL')) action.notNull = true;
    else if (c.accept('PRIMARY', 'KEY')) (action.primaryKey = true), (action.notNull = true);
    else if (c.accept('UNIQUE')) action.unique = true;
    else if (c.accept('DEFAULT')) action.default = expression(c);
    else if (c.accept('GENERATED')) {
      const rest = c.tokens.slice(c.at).map((t) => t.value);
      action.generated = rest.includes('IDENTITY') ? 'identity' : 'stored';
      action.notNull ||= action.generated === 'identity';
      while (!c.done() && !(c.peek()!.kind === 'word' && COLUMN_CONSTRAINT.has(c.peek()!.value) && c.peek()!.value !== 'GENERATED')) c.is('(') ? c.group() : c.next();
    } else c.is('(') ? c.group() : c.next();
  }
  return [action];
}

/** Tokens up to the next column-constraint keyword, as text (a DEFAULT expression). */
function expression(c: Cursor): string {
  const parts: string[] = [];
  while (!c.done() && !(c.peek()!.kind === 'word' && COLUMN_CONSTRAINT.has(c.peek()!.value))) {
    if (c.is('(')) parts.push(`(${c.group().map((t) => t.value).join(' ')})`);
    else parts.push(c.next()!.value);
  }
  return parts.join(' ');
}

function addConstraint(table: TableRef, c: Cursor): DdlAction {
  const name = c.accept('CONSTRAINT') ? c.name() : undefined;
  const rest = c.tokens.slice(c.at);
  const notValid = rest.some((t, i) => t.value === 'NOT' && rest[i + 1]?.value === 'VALID');
  const base = { kind: 'add-constraint' as const, table, name, notValid, usingIndex: false, columns: null as string[] | null };
  if (c.accept('FOREIGN', 'KEY')) {
    const columns = columnList(c.group());
    const references = c.accept('REFERENCES') ? c.qualifiedName() : undefined;
    return { ...base, constraint: 'foreign-key', columns, references: references ? tableRef(references) : undefined };
  }
  if (c.accept('CHECK')) return { ...base, constraint: 'check', check: c.group().map((t) => t.value).join(' ') };
  if (c.accept('EXCLUDE')) return { ...base, constraint: 'exclude' };
  const constraint = c.accept('PRIMARY', 'KEY') ? 'primary-key' : (c.accept('UNIQUE'), 'unique');
  c.accept('NULLS', 'NOT', 'DISTINCT') || c.accept('NULLS', 'DISTINCT');
  if (c.accept('USING', 'INDEX')) return { ...base, constraint, usingIndex: true };
  return { ...base, constraint, columns: columnList(c.group()) };
}

/** A type as text, normalised: lower case, no spaces around punctuation (`varchar(255)`, `public.status`). */
function typeText(tokens: Token[]): string {
  return tokens
    .map((t) => (t.kind === 'word' ? t.value.toLowerCase() : t.value))
    .join(' ')
    .replace(/\s*([().,[\]])\s*/g, '$1')
    .trim();
}

