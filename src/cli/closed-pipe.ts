/** `driftgate rules | head -1`: once the reader closes the pipe, further writes fail with EPIPE. Like git, stop
 * writing quietly and let the command finish with its own exit code, instead of a stack trace. */
export function surviveClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      stream.write = (() => true) as typeof stream.write;
    });
  }
}
