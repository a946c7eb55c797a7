import { parseArgs } from 'node:util';
import { DriftgateError } from '../errors.js';
import { usageHint } from '../messages.js';

/** Every option any command takes; commands read the ones they use. */
const OPTIONS = {
  config: { type: 'string', multiple: true },
  out: { type: 'string' },
  'driftgate-config': { type: 'string' },
  baseline: { type: 'string' },
  'no-baseline': { type: 'boolean' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  cwd: { type: 'string', short: 'C' },
  // verify / database
  db: { type: 'string', multiple: true },
  embedded: { type: 'boolean' },
  strict: { type: 'boolean' },
  from: { type: 'string' },
  'connect-timeout': { type: 'string' },
  'statement-timeout': { type: 'string' },
  'no-typecheck': { type: 'boolean' },
  'no-db': { type: 'boolean' },
  // check
  'upgrade-preview': { type: 'boolean' },
  since: { type: 'string' },
  all: { type: 'boolean' },
  // init
  'dry-run': { type: 'boolean' },
  // pre-push
  skip: { type: 'string' },
} as const;

export type CliValues = ReturnType<typeof parse>['values'];
export interface CliArgs {
  command: string | undefined;
  positionals: string[];
  values: CliValues;
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export function parseCliArgs(argv: string[]): CliArgs {
  try {
    // `driftgate init --baseline` takes no file: give the string option an empty value (= the default file).
    if (argv[0] === 'init') argv = argv.map((a, i) => (a === '--baseline' && (i === argv.length - 1 || argv[i + 1].startsWith('-')) ? '--baseline=' : a));
    const { values, positionals } = parse(argv);
    return { command: positionals[0], positionals: positionals.slice(1), values };
  } catch (error) {
    throw new DriftgateError(String((error as Error).message).split('\n')[0], usageHint);
  }
}
