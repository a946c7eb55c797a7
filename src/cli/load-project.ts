import { resolve } from 'node:path';
import { loadProject, type Project } from '../project.js';
import type { CliArgs } from './args.js';

export function projectFromArgs(args: CliArgs): Promise<Project> {
  const v = args.values;
  return loadProject({
    cwd: resolve(v.cwd ?? process.cwd()),
    configs: v.config,
    out: v.out,
    driftgateConfig: v['driftgate-config'],
    baseline: v.baseline,
  });
}
