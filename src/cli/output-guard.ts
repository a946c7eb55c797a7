import { parseConnection } from '../db/connection.js';
import { maskSecrets, registerSecret } from '../db/redact.js';

/** Learns the credentials of this run before anything is printed: PGPASSWORD, and the password of DATABASE_URL and
 * of every argument that is a connection string (URL or key=value form). dbCredentials register when the config
 * loads. */
export function learnSecrets(argv: string[], env: NodeJS.ProcessEnv): void {
  registerSecret(env.PGPASSWORD);
  for (const text of [env.DATABASE_URL, ...argv]) {
    if (!text || !(text.includes('://') || /\bpassword\s*=/i.test(text))) continue;
    try {
      parseConnection({ text, source: 'argv' }); // registers the password it finds
    } catch {
      // malformed: the message that reports it masks it by shape
    }
  }
}

/** The last line of defence: every write to stdout and stderr (reports, --json, --debug, annotations, errors) has
 * the registered credentials masked, whichever code path produced the text. */
export function guardOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(typeof chunk === 'string' ? maskSecrets(chunk) : chunk instanceof Uint8Array ? maskSecrets(Buffer.from(chunk).toString('utf8')) : chunk, ...rest)) as typeof stream.write;
  }
}
