/**
 * Regenerates examples/ with the REAL drizzle-kit (`npx tsx scripts/make-examples.ts`).
 *
 * examples/assessments-healthy   an assessment app, 11 migrations, all made by drizzle-kit generate
 *                                (0009 is a `generate --custom` backfill, stamped by drizzle-kit like any other).
 * examples/assessments-seed-000  the same history as it went wrong ("seed 000"):
 *   1. 0008_add_overrides.sql (generated) was edited by hand: the `override_by` column was cut out of it and moved
 *      into the hand-written 0009 "together with its backfill" — the 0008 snapshot still has the column.
 *   2. 0009_assessment-overrides.sql was hand-written, and its journal entry's `when` typed in by hand, a year too
 *      early. drizzle's migrator applies an entry only when `when` > the newest created_at in the database, so on
 *      every database that already has 0008 (production), 0009 is skipped silently — `migrate` prints success.
 * The `when` values are the generation time, so each run produces new files (and new snapshot ids).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const KIT = join(ROOT, 'node_modules/drizzle-kit/bin.cjs');
const YEAR_MS = 365 * 86_400_000;

const HEADER = `import { pgTable, pgEnum, serial, text, integer, timestamp, index } from 'drizzle-orm/pg-core';\n\n`;
const users = `export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name'),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
});\n`;
const status = `export const assessmentStatus = pgEnum('assessment_status', ['draft', 'published', 'archived']);\n`;
const assessments = (withStatus: boolean, withArchivedAt: boolean) => `export const assessments = pgTable('assessments', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  ownerId: integer('owner_id').notNull().references(() => users.id),${withStatus ? `\n  status: assessmentStatus('status').default('draft').notNull(),` : ''}${withArchivedAt ? `\n  archivedAt: timestamp('archived_at', { withTimezone: true }),` : ''}
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
});\n`;
const questions = `export const questions = pgTable('questions', {
  id: serial('id').primaryKey(),
  assessmentId: integer('assessment_id').notNull().references(() => assessments.id, { onDelete: 'cascade' }),
  prompt: text('prompt').notNull(),
  position: integer('position').notNull(),
});\n`;
const responses = (withScore: boolean) => `export const responses = pgTable('responses', {
  id: serial('id').primaryKey(),
  questionId: integer('question_id').notNull().references(() => questions.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id),
  answer: text('answer').notNull(),${withScore ? `\n  score: integer('score'),` : ''}
  submittedAt: timestamp('submitted_at', { withTimezone: true }).defaultNow().notNull(),
});\n`;
const evaluations = (withIndex: boolean, withOverrides: boolean) => `export const assessmentEvaluations = pgTable('assessment_evaluations', {
  id: serial('id').primaryKey(),
  assessmentId: integer('assessment_id').notNull().references(() => assessments.id),
  evaluatorId: integer('evaluator_id').notNull().references(() => users.id),
  score: integer('score').notNull(),
  notes: text('notes'),${withOverrides ? `\n  overrideBy: integer('override_by').references(() => users.id),\n  overrideReason: text('override_reason'),` : ''}
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
}${withIndex ? `, (t) => [index('assessment_evaluations_assessment_idx').on(t.assessmentId)]` : ''});\n`;

/** The schema after each generated migration: [migration name, schema source]. */
const STEPS: [string, string][] = [
  ['init', users],
  ['assessments', users + assessments(false, false)],
  ['questions', users + assessments(false, false) + questions],
  ['responses', users + assessments(false, false) + questions + responses(false)],
  ['assessment_status', users + status + assessments(true, false) + questions + responses(false)],
  ['response_scores', users + status + assessments(true, false) + questions + responses(true)],
  ['evaluations', users + status + assessments(true, false) + questions + responses(true) + evaluations(false, false)],
  ['evaluation_index', users + status + assessments(true, false) + questions + responses(true) + evaluations(true, false)],
  ['add_overrides', users + status + assessments(true, false) + questions + responses(true) + evaluations(true, true)],
  // 0009: custom (below)
  ['archived_at', users + status + assessments(true, true) + questions + responses(true) + evaluations(true, true)],
];

const BACKFILL = `-- Hand-written: evaluations imported from the old system were overridden by their evaluator.
UPDATE "assessment_evaluations" SET "override_reason" = 'imported from v1' WHERE "notes" LIKE 'v1:%';`;

const CONFIG = `import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: './drizzle',
});
`;

function kit(dir: string, args: string[]): void {
  execFileSync(process.execPath, [KIT, ...args], { cwd: dir, stdio: 'pipe' });
}

function journalOf(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'drizzle/meta/_journal.json'), 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
}

function makeHealthy(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'drizzle.config.ts'), CONFIG);
  for (const [i, [name, schema]] of STEPS.entries()) {
    if (i === 9) {
      kit(dir, ['generate', '--custom', '--name', 'assessment-overrides']);
      writeFileSync(join(dir, 'drizzle/0009_assessment-overrides.sql'), BACKFILL + '\n');
    }
    writeFileSync(join(dir, 'src/schema.ts'), HEADER + schema);
    kit(dir, ['generate', '--name', name]);
  }
}

function makeSeed000(healthy: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  cpSync(healthy, dir, { recursive: true });
  // 1. override_by cut out of the generated 0008 (its snapshot still has it) ...
  const file0008 = join(dir, 'drizzle/0008_add_overrides.sql');
  const lines = readFileSync(file0008, 'utf8').split('\n');
  const kept = lines.filter((l) => !l.includes('"override_by"'));
  if (kept.length === lines.length) throw new Error('0008 has no override_by statement: the generated SQL changed shape');
  writeFileSync(file0008, kept.join('\n').replace(/--> statement-breakpoint\s*$/, ''));
  // ... and moved into the hand-written 0009, with the backfill.
  writeFileSync(
    join(dir, 'drizzle/0009_assessment-overrides.sql'),
    `-- Hand-written: override_by moved here from 0008 so it ships with its backfill.
ALTER TABLE "assessment_evaluations" ADD COLUMN "override_by" integer;--> statement-breakpoint
ALTER TABLE "assessment_evaluations" ADD CONSTRAINT "assessment_evaluations_override_by_users_id_fk" FOREIGN KEY ("override_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
${BACKFILL}
`,
  );
  // 2. 0009's `when` typed in by hand, a year too early.
  const journal = journalOf(dir);
  const e0008 = journal.entries.find((e) => e.tag.startsWith('0008_'))!;
  const e0009 = journal.entries.find((e) => e.tag.startsWith('0009_'))!;
  e0009.when = e0008.when - YEAR_MS;
  writeFileSync(join(dir, 'drizzle/meta/_journal.json'), JSON.stringify(journal, null, 2));
}

mkdirSync(EXAMPLES, { recursive: true });
const healthy = join(EXAMPLES, 'assessments-healthy');
makeHealthy(healthy);
makeSeed000(healthy, join(EXAMPLES, 'assessments-seed-000'));
console.log(`examples regenerated with drizzle-kit: ${journalOf(healthy).entries.map((e) => e.tag).join(', ')}`);
