import { parseDuration } from '../../config/driftgate-config.js';
import { formatVerify } from '../../db/format-verify.js';
import { DEFAULT_CONNECT_OPTIONS } from '../../db/postgres-client.js';
import { DriftgateError } from '../../errors.js';
import { invalidTimeout } from '../../messages.js';
import { formatJson } from '../../reporters/json.js';
import { useColor } from '../../reporters/pretty.js';
import { hasErrors } from '../../result.js';
import { verify } from '../../verify.js';
import { skipSet } from '../../steps/project-checks.js';
import type { CliArgs } from '../args.js';
import { projectFromArgs } from '../load-project.js';
import { writeAnnotations } from '../output.js';

/** `--connect-timeout 5` means seconds (as libpq's connect_timeout); `500ms`, `2s`, `1m` work too. */
function timeout(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : (() => {
    try {
      return parseDuration(value, fallback);
    } catch {
      return NaN;
    }
  })();
  if (!Number.isFinite(ms) || ms <= 0) throw new DriftgateError(invalidTimeout(`--${option}`, value), 'Use seconds (5) or a duration (500ms, 2s, 1m).');
  return ms;
}

export async function run(args: CliArgs): Promise<number> {
  const v = args.values;
  const connect = {
    connectTimeoutMs: timeout('connect-timeout', v['connect-timeout'], DEFAULT_CONNECT_OPTIONS.connectTimeoutMs),
    statementTimeoutMs: timeout('statement-timeout', v['statement-timeout'], DEFAULT_CONNECT_OPTIONS.statementTimeoutMs),
  };
  const project = await projectFromArgs(args);
  const skip = skipSet(process.env.DRIFTGATE_SKIP, v.skip, v['no-typecheck'] ? 'typecheck' : undefined);
  const result = await verify(project, {
    dbUrls: v.db,
    embedded: v.embedded,
    from: v.from,
    noDb: v['no-db'] || skip.has('db'),
    noDbReason: v['no-db'] ? '--no-db' : 'db skipped by --skip / DRIFTGATE_SKIP',
    strict: v.strict,
    connect,
    replayStatementTimeoutMs: v['statement-timeout'] === undefined ? undefined : connect.statementTimeoutMs,
    baseline: !v['no-baseline'],
    skip,
  });
  if (v.json) {
    const doc = JSON.parse(formatJson(result, 'verify'));
    doc.databases = result.databases.map(({ findings: _f, ...db }) => db);
    doc.replays = result.replays;
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else process.stdout.write(formatVerify(result, { color: useColor(process.stdout) }));
  writeAnnotations(result, args);
  return hasErrors(result) ? 1 : 0;
}
