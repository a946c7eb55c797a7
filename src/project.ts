import { resolve } from 'node:path';
import { loadDriftgateConfig, parseDuration, type DriftgateConfig } from './config/driftgate-config.js';
import { resolveTargets, type Target } from './config/targets.js';
import { discoverTargets } from './systems/index.js';
import { BASELINE_FILE } from './engine/baseline.js';
import type { Policy } from './engine/policy.js';
import { DAY_MS } from './rules/check-context.js';

/** Everything a command needs to know about the project it runs in, loaded once. */
export interface Project {
  cwd: string;
  config: DriftgateConfig;
  configFile?: string;
  targets: Target[];
  policy: Policy;
  whenSkewMs: number;
  baselinePath: string;
}

export interface ProjectOptions {
  cwd: string;
  /** --config (repeatable): drizzle config files. */
  configs?: string[];
  /** --out: the migrations folder, overriding drizzle config. */
  out?: string;
  /** --driftgate-config: driftgate's own config file. */
  driftgateConfig?: string;
  /** --baseline FILE. */
  baseline?: string;
}

export async function loadProject(opts: ProjectOptions): Promise<Project> {
  const { config, file } = await loadDriftgateConfig(opts.cwd, opts.driftgateConfig);
  const explicit = opts.configs?.length || config.configs?.length || opts.out;
  const others = explicit ? [] : await discoverTargets(opts.cwd);
  const targets = await resolveTargets({ cwd: opts.cwd, configs: opts.configs, listed: config.configs, out: opts.out, others });
  return {
    cwd: opts.cwd,
    config,
    configFile: file,
    targets,
    policy: { rules: config.rules ?? {}, exceptions: config.exceptions ?? [] },
    whenSkewMs: parseDuration(config.whenSkew, DAY_MS),
    baselinePath: resolve(opts.cwd, opts.baseline ?? config.baseline ?? BASELINE_FILE),
  };
}
