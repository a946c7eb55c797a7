import { readFileSync } from 'node:fs';
import { redactConnectionString } from '../db/redact.js';
import { guardOutput, learnSecrets } from './output-guard.js';
import { debug, enableDebug, isDebug } from '../debug.js';
import { isDriftgateError } from '../errors.js';
import { HELP, debugHint, internalError, unknownCommand, usageHint } from '../messages.js';
import { parseCliArgs, type CliArgs } from './args.js';

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
  try {
    const args = parseCliArgs(argv);
    if (args.values.debug) enableDebug();
    debug(`argv ${JSON.stringify(argv.map(redactConnectionString))}`);
    if (args.values.version) return (process.stdout.write(version() + '\n'), 0);
    if (args.values.help || !args.command || args.command === 'help') return (process.stdout.write(HELP + '\n'), args.command || args.values.help ? 0 : 2);
    const load = COMMANDS[args.command];
    if (!load) {
      process.stderr.write(`driftgate: ${unknownCommand(args.command)}\n${usageHint}\n`);
      return 2;
    }
    return await (await load()).run(args);
  } catch (error) {
    if (isDriftgateError(error)) {
      process.stderr.write(`driftgate: ${error.message}\n`);
      if (error.hint) process.stderr.write(`${error.hint}\n`);
      if (isDebug() && error.stack) process.stderr.write(error.stack + '\n');
      return 2;
    }
    process.stderr.write(`driftgate: ${internalError(String((error as Error)?.message ?? error).split('\n')[0])}\n`);
    process.stderr.write(isDebug() ? `${(error as Error)?.stack}\n` : `${debugHint}\n`);
    return 2;
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
