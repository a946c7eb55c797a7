/** The one error type driftgate throws for expected failures (bad config, IO, unreachable DB).
 * The CLI catches it once at the top, prints `message` (and `hint`) on one line each, and exits 2. */
export class DriftgateError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DriftgateError';
  }
}

export function isDriftgateError(error: unknown): error is DriftgateError {
  return error instanceof DriftgateError;
}
