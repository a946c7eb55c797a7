import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BUILD } from '../build.js';

/** The bench's own build of driftgate (see build.ts). */
export const DRIFTGATE = join(BUILD, 'bin/driftgate.js');
let help: string | undefined;

/** Whether the built CLI on this checkout lists `command` (cases for commands not landed yet are skipped). */
export function cliHas(command: string, option?: string): boolean {
  help ??= (() => {
    const r = spawnSync(process.execPath, [DRIFTGATE, '--help'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout : '';
  })();
  const listed = new RegExp(`^\\s+${command}\\b`, 'm').test(help);
  return listed && (!option || help.includes(option) || commandHelp(command).includes(option));
}

function commandHelp(command: string): string {
  const r = spawnSync(process.execPath, [DRIFTGATE, command, '--help'], { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}
