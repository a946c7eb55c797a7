import { parseArgs } from 'node:util';
import { DriftgateError } from '../errors.js';
import { didYouMean, optionNeedsValue, optionTakesNoValue, unknownOption, usageLine } from '../messages.js';

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
  'keep-going': { type: 'boolean' },
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
    throw usageError(error as Error & { code?: string });
  }
}

/** node's parseArgs texts name internals ("place it at the end of the command after '--'"); say what is wrong, in
 * driftgate's words, with the usage line. */
function usageError(error: Error & { code?: string }): DriftgateError {
  const message = String(error.message);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const near = closestOption(option);
    return new DriftgateError(unknownOption(option) + (near ? didYouMean(near) : ''), usageLine);
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return new DriftgateError(/does not take/.test(message) ? optionTakesNoValue(option) : optionNeedsValue(option), usageLine);
  }
  return new DriftgateError(message.split('\n')[0], usageLine);
}

/** The known option nearest to a mistyped one (edit distance <= 2), for "did you mean". */
function closestOption(option: string): string | undefined {
  const typed = option.replace(/^-+/, '').split('=')[0];
  let best: { name: string; distance: number } | undefined;
  for (const name of Object.keys(OPTIONS)) {
    const distance = editDistance(typed, name);
    if (distance <= 2 && distance < typed.length && (!best || distance < best.distance)) best = { name, distance };
  }
  return best && `--${best.name}`;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
