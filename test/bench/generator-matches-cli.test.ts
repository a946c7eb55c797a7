import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Step } from '../../scripts/bench/generate/evolve.js';
import { CUSTOM_HEADER, generateHistory } from '../../scripts/bench/generate/generate-history.js';
import { schemaSource } from '../../scripts/bench/generate/to-source.js';
import { createDrizzleProject } from '../helpers/drizzle-project.js';

/**
 * The bench generator writes folders through drizzle-kit's API for speed. This proves they are what the drizzle-kit
 * CLI writes: the same steps are replayed through `drizzle-kit generate` / `generate --custom` and every file must be
 * byte-identical (only the random snapshot ids and the clock-based `when` values are mapped across).
 */
describe('bench generator', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'driftgate-bench-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes the same bytes as the drizzle-kit CLI, for every kind of change', async () => {
    const steps: Step[] = [];
    const ours = join(tmp, 'api');
    await generateHistory({
      out: ours, migrations: 12, seed: 9, maxTables: 1000,
      script: ['createTables', 'custom', 'addColumns', 'addIndex', 'alterColumn', 'enum', 'enumValue', 'dropColumn', 'createTables', 'dropTable', 'alterColumn'],
      onMigration: (_i, step) => steps.push(step),
    });
    const kinds = steps.map((s) => s.name.replace(/_.*/, ''));
    expect(new Set(kinds)).toEqual(new Set(['init', 'create', 'backfill', 'add', 'index', 'alter', 'enum', 'drop']));
    expect(steps.map((s) => s.name)).toContainEqual(expect.stringMatching(/^enum_.*_state_add_/));
    const finalSource = schemaSource(steps.at(-1)!.schema);
    expect(finalSource).toContain('foreignKey({ name:'); // a long constraint name, named explicitly
    expect(finalSource).toContain('.unique()');

    const cli = createDrizzleProject({ dir: join(tmp, 'cli') });
    for (const step of steps) {
      if (step.customSql !== undefined) await cli.custom(step.name, `${CUSTOM_HEADER}\n${step.customSql}\n`);
      else expect(await cli.generate(schemaSource(step.schema), step.name)).toBeDefined();
    }

    const ourJournal = JSON.parse(readFileSync(join(ours, 'meta/_journal.json'), 'utf8'));
    const cliJournal = cli.journal();
    expect(cliJournal.entries.map((e) => e.tag)).toEqual(ourJournal.entries.map((e: { tag: string }) => e.tag));
    cliJournal.entries.forEach((e, i) => (e.when = ourJournal.entries[i].when));
    expect(JSON.stringify(cliJournal, null, 2)).toBe(readFileSync(join(ours, 'meta/_journal.json'), 'utf8'));

    const ids = new Map<string, string>();
    const snapshots = readdirSync(join(ours, 'meta')).filter((f) => f.endsWith('_snapshot.json')).sort();
    expect(snapshots).toHaveLength(12);
    for (const file of snapshots) {
      const theirs = cli.read(`drizzle/meta/${file}`);
      ids.set(JSON.parse(theirs).id, JSON.parse(readFileSync(join(ours, 'meta', file), 'utf8')).id);
      let mapped = theirs;
      for (const [from, to] of ids) mapped = mapped.replaceAll(from, to);
      expect(mapped, file).toBe(readFileSync(join(ours, 'meta', file), 'utf8'));
    }
    for (const file of readdirSync(ours).filter((f) => f.endsWith('.sql'))) {
      expect(cli.read(`drizzle/${file}`), file).toBe(readFileSync(join(ours, file), 'utf8'));
    }
  });

  it('writes the same bytes incrementally as when it re-serializes the whole schema each step', async () => {
    const fast = join(tmp, 'incremental');
    const whole = join(tmp, 'whole');
    await generateHistory({ out: fast, migrations: 80, seed: 3, maxTables: 1000 });
    await generateHistory({ out: whole, migrations: 80, seed: 3, maxTables: 1000, wholeSchema: true });
    const files = (dir: string) => [...readdirSync(dir).filter((f) => f.endsWith('.sql')), ...readdirSync(join(dir, 'meta')).map((f) => `meta/${f}`)].sort();
    expect(files(fast)).toEqual(files(whole));
    expect(files(fast).length).toBe(80 * 2 + 1);
    expect(files(fast).some((f) => readFileSync(join(fast, f), 'utf8').startsWith(CUSTOM_HEADER))).toBe(true);
    for (const f of files(fast)) expect(readFileSync(join(fast, f), 'utf8'), f).toBe(readFileSync(join(whole, f), 'utf8'));
  });
});
