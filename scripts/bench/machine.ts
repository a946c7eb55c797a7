import { execSync } from 'node:child_process';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { memorySource } from './measure.js';

/** The 1-minute load average when the run started: on a shared machine, the context for every number. */
export const LOAD_AT_START = loadavg()[0];

/** One line describing where the numbers come from. */
export function describeMachine(): string {
  const cpu = cpus();
  const pg = (() => {
    try {
      return execSync('psql --version', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'psql not found';
    }
  })();
  return [
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
    `${osType()} ${release()}`,
    `node ${process.version}`,
    pg,
    `load average ${LOAD_AT_START.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`,
    `memory: ${memorySource}`,
  ].join(' · ');
}
