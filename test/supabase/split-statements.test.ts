import { rmSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/systems/supabase/split-statements.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { repairApplied, supabaseProject } from '../helpers/supabase-cli.js';

/** Files the splitter must treat exactly as CLI 2.117.0 does. `migration repair --status applied` records them
 * (split by the CLI) without running them, so they need not be valid SQL. */
const TRICKY: Record<string, string> = {
  'comments-and-quotes': "-- leading ; comment\ncreate table \"semi;colon\" (x text default 'a;b''c');\n/* block ; /* nested ; */ still; */ select 1;\n-- trailing comment\n",
  'dollar-quotes': 'create function f() returns int language sql as $$ select 1; $$;\ncreate function g() returns int as $body$ begin return 2; end; $body$ language plpgsql;\nselect $1, $a;b;\n',
  'begin-atomic': 'create function h() returns int language sql begin atomic select 1; select 2; end;\ncreate table t (is_atomic int, begin_atomic int);\nselect 1;\n',
  'atomic-quirks': 'create function k() returns int language sql BEGIN\n  ATOMIC select case when true then 1 end; select 3; END;\nselect 4;\n',
  'parentheses': 'select (1; 2); select ((1) ; 2);\ninsert into x values (1, \')\');\n',
  'escapes-and-unicode': "select E'\\';' ; select \\; ;\nselect 'héllo; wörld' as \"ça;va\"; select $é$ x; y $é$;\n",
  'crlf-bom-and-blanks': '\uFEFFselect 1;\r\n\r\n;;\r\nselect 2 ;  \r\n   \t',
  'unterminated': "select 'never closed; select 2;\n",
};

describe('splitStatements (CLI oracle)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dir: string;
  let stored: Map<string, string[]>;

  beforeAll(async () => {
    db = await createTestDatabase('dg_sbsplit');
    const names = Object.keys(TRICKY);
    dir = supabaseProject(Object.fromEntries(names.map((name, i) => [`2024010100000${i}_${name}.sql`, TRICKY[name]])));
    await repairApplied(dir, db.url, names.map((_, i) => `2024010100000${i}`));
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const rows = await sql<{ name: string; statements: string[] }[]>`select name, statements from supabase_migrations.schema_migrations`;
    await sql.end();
    stored = new Map(rows.map((r) => [r.name, r.statements]));
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, text] of Object.entries(TRICKY)) {
    it(`splits ${name} exactly as the CLI recorded it`, () => {
      expect(stored.get(name)).toBeDefined();
      expect(splitStatements(text).map((s) => s.text)).toEqual(stored.get(name));
    });
  }

  it('gives each statement the line its text starts on', () => {
    const lines = splitStatements('-- c\n\nselect 1;\n  select\n 2;\n').map((s) => [s.text.split('\n')[0], s.line]);
    expect(lines).toEqual([['-- c', 1], ['select', 4]]);
  });
});
