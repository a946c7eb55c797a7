import { readFileSync } from 'node:fs';
import { redactConnectionString } from '../db/redact.js';
import { guardOutput, learnSecrets } from './output-guard.js';
import { visible } from '../reporters/terminal-safe.js';
import { debug, enableDebug, isDebug } from '../debug.js';
import { isDriftgateError } from '../errors.js';
import { HELP, debugHint, internalError, noCommand, unknownCommand, usageHint, usageLine } from '../messages.js';
import { formatJsonError } from '../reporters/json-error.js';
import { parseCliArgs, type CliArgs } from './args.js';
import { surviveClosedPipes } from './closed-pipe.js';

type Command = (args: CliArgs) => Promise<number>;

/** Commands load lazily so that a hook with nothing to do never pays for the others' imports. */
const COMMANDS: Record<string, () => Promise<{ run: Command }>> = {
  check: () => import('./commands/check.js'),
  baseline: () => import('./commands/baseline.js'),
  rules: () => import('./commands/rules.js'),
  verify: () => import('./commands/verify.js'),
  'pre-commit': () => import('./commands/pre-commit.js'),
  'pre-push': () => import('./commands/pre-push.js'),
  init: () => import('./commands/init.js'),
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  guardOutput();
  learnSecrets(argv, process.env);
  surviveClosedPipes();
  // Known before parsing, so that even a usage error answers a `--json` caller in JSON.
  const json = argv.includes('--json');
  const commandName = argv.find((a) => !a.startsWith('-'));
  const fail = (message: string, hint?: string) => {
    if (json) process.stdout.write(formatJsonError({ message, hint }, commandName && COMMANDS[commandName] ? commandName : undefined));
    process.stderr.write(`driftgate: ${visible(message)}\n${hint ? `${visible(hint)}\n` : ''}`);
    return 2;
  };
  try {
    const args = parseCliArgs(argv);
    if (args.values.debug) enableDebug();
    debug(`argv ${JSON.stringify(argv.map(redactConnectionString))}`);
    if (args.values.version) return (process.stdout.write(version() + '\n'), 0);
    if (json && !args.command && !args.values.help) return fail(noCommand, usageLine);
    if (args.values.help || !args.command || args.command === 'help') return (process.stdout.write(HELP + '\n'), args.command || args.values.help ? 0 : 2);
    const load = COMMANDS[args.command];
    if (!load) return fail(unknownCommand(args.command), usageHint);
    return await (await load()).run(args);
  } catch (error) {
    if (isDriftgateError(error)) {
      fail(error.message, error.hint);
      if (isDebug() && error.stack) process.stderr.write(error.stack + '\n');
      return 2;
    }
    const message = internalError(String((error as Error)?.message ?? error).split('\n')[0]);
    if (isDebug()) return (fail(message), process.stderr.write(`${(error as Error)?.stack}\n`), 2);
    return fail(message, debugHint);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);
