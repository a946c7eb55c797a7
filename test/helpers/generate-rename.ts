import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NODE_MODULES } from './paths.js';

const exec = promisify(execFile);

/** drizzle-kit asks "created or renamed?" on a TTY only. This drives the REAL prompt through a pseudo-terminal
 * (python3's pty module): press ↓ (the rename option) then Enter for every question. */
const DRIVER = `
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out, answered, deadline = b'', 0, time.time() + 60
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if not r:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
    if out.count(b'rename ') > answered and b'renamed from another' in out[-2000:]:
        answered = out.count(b'rename ')
        time.sleep(0.2); os.write(fd, b'\\x1b[B'); time.sleep(0.2); os.write(fd, b'\\r')
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

/** Writes schema.ts and runs `drizzle-kit generate --name <name>`, answering "rename" to its prompt. */
export async function generateWithRename(dir: string, schemaSource: string, name: string, out = 'drizzle'): Promise<string> {
  writeFileSync(join(dir, 'schema.ts'), schemaSource);
  await exec('python3', ['-c', DRIVER, process.execPath, join(NODE_MODULES, 'drizzle-kit/bin.cjs'), 'generate', '--name', name], { cwd: dir, timeout: 90_000 });
  const tag = JSON.parse(readFileSync(join(dir, out, 'meta/_journal.json'), 'utf8')).entries.at(-1).tag as string;
  if (!tag.endsWith(name)) throw new Error(`drizzle-kit did not generate ${name}`);
  return tag;
}
