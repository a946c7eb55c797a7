import { execSync } from 'node:child_process';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { memorySource } from './measure.js';

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
    `memory: ${memorySource}`,
  ].join(' · ');
}
