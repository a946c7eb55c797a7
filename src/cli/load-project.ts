import { resolve } from 'node:path';
import { findProjectDir } from '../config/project-dir.js';
import { loadProject, type Project } from '../project.js';
import type { CliArgs } from './args.js';

/** The directory a command runs in: -C DIR or the working directory; without --config/--out (which name paths
 * relative to it), the nearest folder upward that holds the drizzle config. */
export function projectDir(args: CliArgs): string {
  const start = resolve(args.values.cwd ?? process.cwd());
  return args.values.config?.length || args.values.out ? start : findProjectDir(start);
}

export function projectFromArgs(args: CliArgs): Promise<Project> {
  const v = args.values;
  return loadProject({
    cwd: projectDir(args),
    configs: v.config,
    out: v.out,
    driftgateConfig: v['driftgate-config'],
    baseline: v.baseline,
  });
}
