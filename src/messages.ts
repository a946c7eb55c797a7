/** All user-facing CLI text lives here (finding texts live with their rules). */
import type { Finding } from './types.js';

export const HELP = `driftgate — stop broken Drizzle migrations before they leave your machine

Usage: driftgate <command> [options]

Commands:
  check                  static checks of the migrations folder (no database)
  verify                 everything: static checks, schema vs snapshot, typecheck, database
                         (--db URL, DATABASE_URL, drizzle.config dbCredentials, or embedded Postgres)
  pre-commit [files...]  judge the staged migration files (run by lint-staged)
  pre-push <remote> <url> judge what a push sends (run by .husky/pre-push; refs on stdin)
  baseline               record current findings in driftgate.baseline.json
  init                   wire husky + lint-staged into this project
  rules                  list every rule id

Options:
  --config FILE          drizzle config (repeatable for monorepos)
  --out DIR              migrations folder (overrides drizzle config)
  --driftgate-config F   driftgate config file (default driftgate.config.* or package.json#driftgate)
  --baseline FILE        baseline file (default driftgate.baseline.json)
  --no-baseline          report baselined findings too
  --json                 one JSON object on stdout (see docs/configuration.md)
  -C, --cwd DIR          run as if started in DIR
  --debug                timings and stack traces on stderr
  --help, --version

check:
  --upgrade-preview      also say what drizzle-kit up (0.x → 1.0 layout) will change, and which anomalies change meaning
  --since REF            safety rules judge the migrations REF does not have (default: those not on the base branch)
  --all                  safety rules judge every migration, each as if it were the only new one

verify:
  --db URL               database to check (repeatable: local, staging, prod — each reported separately)
  --embedded             replay the migrations in embedded Postgres (PGlite) even when a URL is configured
  --from TAG             embedded replay: start from TAG's snapshot state instead of replaying all history
  --strict               pending migrations are errors; extra database objects are reported
  --no-db                static checks, schema and typecheck only
  --no-typecheck         skip the typecheck
  --skip LIST            skip steps, comma-separated: schema, typecheck, db (also DRIFTGATE_SKIP)
  --connect-timeout S    seconds to wait for the database (default 5)
  --statement-timeout S  seconds per query (default 30)

pre-push:
  --skip LIST            skip steps, e.g. typecheck,db (also DRIFTGATE_SKIP=typecheck,db)
  --keep-going           run every step to the end after one failed (default: the first failure stops the rest;
                         also DRIFTGATE_KEEP_GOING=1 git push, or keepGoing: true in the driftgate config)

init:
  --dry-run              show the changes without writing them
  --baseline             also record existing findings (driftgate baseline)

Exit codes: 0 clean, 1 error findings, 2 driftgate could not run (config, IO, database unreachable).`;

export const unknownCommand = (name: string) => `unknown command "${name}"`;
export const usageHint = 'Run driftgate --help for usage.';
export const usageLine = 'Usage: driftgate <command> [options] (driftgate --help lists the commands and options)';
export const noCommand = 'no command given';
export const unknownOption = (option: string) => `unknown option ${option}`;
export const didYouMean = (option: string) => ` (did you mean ${option}?)`;
export const optionNeedsValue = (option: string) => `option ${option} needs a value`;
export const optionTakesNoValue = (option: string) => `option ${option} takes no value`;
export const internalError = (message: string) => `driftgate failed: ${message}`;
export const debugHint = 'Run with --debug for details.';

/** "1 migration", "2 migrations". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The last line of a report (a RunResult, typed by shape: messages sit below every command). */
export function summaryLine(result: { findings: Pick<Finding, 'severity'>[]; suppressed: { baseline: number; exceptions: number }; stats: Record<string, number | string> }): string {
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.filter((f) => f.severity === 'warn').length;
  const parts: string[] = [];
  if (errors) parts.push(plural(errors, 'error'));
  if (warnings) parts.push(plural(warnings, 'warning'));
  const hidden: string[] = [];
  if (result.suppressed.baseline) hidden.push(`${result.suppressed.baseline} baselined`);
  if (result.suppressed.exceptions) hidden.push(`${result.suppressed.exceptions} excepted`);
  const scope = `${plural(Number(result.stats.migrations ?? 0), 'migration')} in ${plural(Number(result.stats.targets ?? 0), 'folder')}`;
  const tail = hidden.length ? ` (${hidden.join(', ')})` : '';
  return parts.length ? `${parts.join(', ')} — ${scope}${tail}` : `no problems — ${scope}${tail}`;
}

export const staleBaselineLine = (n: number) =>
  `${plural(n, 'baseline entry')} no longer occur${n === 1 ? 's' : ''}: run driftgate baseline to prune ${n === 1 ? 'it' : 'them'}.`;
export const baselineWritten = (file: string, n: number) => `wrote ${file} with ${plural(n, 'finding')}`;

// hooks (issue 3)
export const prePushPassed = (refs: number, skipped: string[] = []) =>
  refs === 0
    ? `✓ pre-push: nothing new to check (${skipped.join('; ') || 'no refs pushed'}) — push allowed`
    : `✓ pre-push: ${refs === 1 ? '1 ref' : `${refs} refs`} checked — push allowed`;
export const prePushBlocked = (problems: string[]) => `✖ pre-push: ${problems.join(', ')} — push blocked`;
export const prePushHint = (skipNames: string[]) =>
  `  details: npx driftgate verify · bypass: git push --no-verify${skipNames.length ? `, or DRIFTGATE_SKIP=${skipNames.join(',')} git push` : ''}`;
/** The pre-push schema step judged an exported copy of the pushed commit, not the work tree. */
/** The pre-push schema step when no target names a schema source (a Supabase-only project). */
export const NO_SCHEMA_SOURCE = 'no schema source to compare (only migration SQL)';

export const schemaUnchangedByPush = (labels: string[]) =>
  `schema: not compared again for ${labels.join(', ')} — the push changes neither its schema nor its migrations (driftgate verify compares it)`;
export const schemaJudgedAsPushed = (ref: string, sha: string, uncommitted: string[]) =>
  `note: schema compared as pushed (${ref} at ${sha}), not as in your work tree` +
  (uncommitted.length ? ` — uncommitted changes there are not part of this push: ${uncommitted.slice(0, 3).join(', ')}${uncommitted.length > 3 ? `, … (${uncommitted.length})` : ''}` : '');
export const stoppedStep = (failed: string) => `stopped: ${failed} failed (--keep-going runs every step)`;
export const stepOutputHeader = (name: string) => `── ${name} ──`;

/** A migration file listed in the journal that git does not have but the work tree does (`git commit -am`). */
export const unstagedMigrationMessage = (file: string, where: 'index' | 'commit') =>
  where === 'index'
    ? `${file} is in the journal but not staged: it exists in the work tree, untracked or unstaged, so this commit would break drizzle's migrator (ENOENT)`
    : `${file} is in the journal but not in the pushed commit: it exists only in your work tree, so drizzle's migrator would fail (ENOENT) wherever this is deployed`;
export const unstagedMigrationFix = (files: string[], where: 'index' | 'commit') =>
  where === 'index' ? `git add ${files.join(' ')}` : `git add ${files.join(' ')}, commit (git commit --amend if the journal change is your last commit), and push again`;

/** Why a migration may no longer change: it was pushed (the rule is about being on a remote), or — with
 * allowUnpushedEdits false, and in pre-push — it is in the commit the change starts from. */
export const fixedBecause = (baseName: string, remoteRef?: string) => (remoteRef ? `already pushed (on ${remoteRef})` : `already in ${baseName}`);

/** One recipe for two branches' migrations with one prefix (journal/duplicate-prefix, and journal/when-order on the
 * same entry): keep the first, regenerate the other on top. */
export const duplicatePrefixFix = (kept: string, tag: string, prefix: string) =>
  `Keep ${kept}; take ${tag} out — its .sql file, its journal entry, and its meta/${prefix}_snapshot.json (put back ${kept}'s) — then run drizzle-kit generate: it writes ${tag}'s change again on top, with the next prefix and a later "when".`;
export const duplicateEntryFix = (tag: string, not: string) =>
  `${tag} reuses the prefix of an earlier entry (journal/duplicate-prefix): take it out and regenerate it on top as that fix says, which fixes this too — ${not}.`;

// verify (issue 4)
/** Every verify / pre-push run says which database it used, or none and why. */
export const databaseUsedLine = (database: string, origin: string) => `database: ${database} (${origin})`;
export const databaseNoneLine = (reason: string, instead: string) => `database: none (${reason}) — ${instead}`;
export const replayingEmbedded = 'replaying on embedded Postgres';
export const comparedWithLine = (tag: string, reason: string) => `compared with the snapshot of ${tag} (${reason})`;
export function schemaVerifiedLine(db: { tables: number; columns: number; applied: number; total: number; database: string; comparedWith?: { tag: string }; verified?: string }): string {
  if (db.verified) return `verified: ${db.applied}/${db.total} migrations applied, ${db.verified} — ${db.database}`;
  return `schema verified: ${plural(db.tables, 'table')}, all ${plural(db.columns, 'column')} present, ${db.applied}/${db.total} migrations applied — ${db.database}${db.comparedWith ? ` (snapshot of ${db.comparedWith.tag})` : ''}`;
}
export const invalidTimeout = (option: string, value: string) => `${option} ${JSON.stringify(value)} is not a duration`;
export const initDryRun = (n: number) => (n ? `dry run: ${n} change${n === 1 ? '' : 's'} not written` : 'dry run: nothing to change');
export const initDone = (n: number, pm: string) => `driftgate init: ${n} change${n === 1 ? '' : 's'} written (${pm}); hooks: .husky/pre-commit (lint-staged → driftgate pre-commit), .husky/pre-push (driftgate pre-push)`;
export const initHuskyFailed = (output: string) => `husky could not activate the hooks${output ? ` (${output})` : ''}`;
export const initHooksActive = 'hooks active: git runs .husky/pre-commit and .husky/pre-push (core.hooksPath = .husky/_)';
export const initHooksInactive = (command: string) => `✖ hooks NOT active yet — run: ${command}`;
export const initWouldActivate = 'would run husky: core.hooksPath = .husky/_ (hooks active)';
export const initWouldNotActivate = (command: string) => `hooks would not be active yet (husky or lint-staged is not installed) — after init, run: ${command}`;
export const initNothing = 'driftgate init: already set up, nothing changed';

// check --upgrade-preview
export const upgradeAlreadyV1 = (label: string) => `${label}: already on the drizzle-kit 1.0 layout — nothing for drizzle-kit up to do`;
export const upgradeMoveLine = (from: string, to: string) => `  drizzle-kit up: ${from} → ${to}`;
export const upgradeMoreMoves = (n: number) => `  … and ${n} more (see the upgrade/plan finding)`;

/** An epoch-milliseconds stamp as ISO 8601, or a plain statement when it lies outside the JavaScript date range
 * (±8.64e15 ms): a hostile or mistyped number is a finding's detail, never a crash. */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `beyond the year 275760`;
}

export const snapshotUnusableHint = 'The schema cannot be compared with a damaged snapshot (drizzle-kit cannot diff against it either): restore it from git.';

export const replaySkippedInvalidJournal = (folder: string) => `${folder}: embedded replay skipped — its journal is invalid (see journal/invalid)`;

/** `source` says where the connection string came from (--db, DATABASE_URL, drizzle.config dbCredentials); `shown` is
 * the string with its password masked, or what is wrong with it. */
export const invalidConnection = (source: string, shown: string) => `the database connection from ${source} is not valid: ${shown}`;
export const unsupportedSslMode = (mode: string, modes: string[]) => `sslmode "${mode}" is not one of ${modes.join(', ')}`;

/** A word for a POSIX shell: as-is when it holds only safe characters, else single-quoted (`'` written `'\''`), so a
 * pasted `git add <path>` never runs `$(…)`, backticks, `;` or globs that a file name carries. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export const unusableSqlFix = 'Make it a regular, readable file inside the project (replace a link with the file it points to, if that file belongs here).';
export const replaySkippedUnusableFile = (folder: string) => `${folder}: embedded replay skipped — a listed SQL file cannot be read safely (see journal/missing-sql)`;
