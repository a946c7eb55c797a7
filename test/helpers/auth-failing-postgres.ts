import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

/** How the peer asks for the password: AuthenticationCleartextPassword (R 3) or AuthenticationMD5Password (R 5). */
export type AuthMethod = 'cleartext' | 'md5';

export interface AuthFailingPostgres {
  port: number;
  /** Every startup the peer saw: its parameters and the PasswordMessage payload the client sent. */
  attempts: { params: Record<string, string>; ssl: boolean; password?: string }[];
  /** How many SSLRequests arrived (answered 'N'; a client that requires TLS then gives up). */
  sslRequests: number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const PROTOCOL_3 = 196608;

/** A backend message: type byte, int32 length (itself included), payload. */
function message(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([head, payload]);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

/** ErrorResponse: (field byte, cstring)* then a zero byte. */
function errorResponse(fields: Record<string, string>): Buffer {
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8'));
  return message('E', Buffer.concat([...parts, Buffer.from([0])]));
}

/** A PostgreSQL v3 protocol peer on loopback that asks for a password and rejects every one with 28P01, as a real
 * server with md5/password auth in pg_hba.conf would. The machine's server uses trust auth, so a wrong password
 * cannot be provoked there. */
export async function startAuthFailingPostgres(
  method: AuthMethod = 'cleartext',
  // What the rejection says. A proxy may repeat the credentials it got: `(password) => \`proxy rejected credentials ${password}\``.
  rejection: (user: string, password: string) => string = (user) => `password authentication failed for user "${user}"`,
  code = '28P01',
): Promise<AuthFailingPostgres> {
  const attempts: AuthFailingPostgres['attempts'] = [];
  let sslRequests = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    let phase: 'startup' | 'password' | 'done' = 'startup';
    let ssl = false;
    let attempt: AuthFailingPostgres['attempts'][number] | undefined;
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (phase === 'startup') {
          // Startup-phase messages have no type byte: int32 length (itself included), int32 code, params.
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          if (length < 8 || length > 10_000) return void socket.destroy(); // not a startup packet (a TLS ClientHello after 'N')
          if (buffered.length < length) return;
          const code = buffered.readInt32BE(4);
          const body = buffered.subarray(8, length);
          buffered = buffered.subarray(length);
          if (code === SSL_REQUEST) {
            ssl = true;
            sslRequests++;
            socket.write('N'); // no TLS here: the client goes on in plain text (or gives up if it requires TLS)
            continue;
          }
          if (code !== PROTOCOL_3) return void socket.destroy();
          const fields = body.toString('utf8').split('\0');
          const params: Record<string, string> = {};
          for (let i = 0; i + 1 < fields.length && fields[i]; i += 2) params[fields[i]] = fields[i + 1];
          attempt = { params, ssl };
          attempts.push(attempt);
          socket.write(method === 'md5' ? message('R', Buffer.concat([int32(5), randomBytes(4)])) : message('R', int32(3)));
          phase = 'password';
        } else if (phase === 'password') {
          if (buffered.length < 5) return;
          const type = String.fromCharCode(buffered[0]);
          const length = buffered.readInt32BE(1);
          if (buffered.length < length + 1) return;
          const body = buffered.subarray(5, length + 1);
          buffered = buffered.subarray(length + 1);
          if (type !== 'p') return void socket.destroy();
          attempt!.password = body.toString('utf8').replace(/\0$/, '');
          const user = attempt!.params.user ?? '';
          socket.end(
            errorResponse({ S: 'FATAL', V: 'FATAL', C: code, M: rejection(user, attempt!.password ?? ''), R: 'auth_failed' }),
          );
          phase = 'done';
        } else return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    attempts,
    get sslRequests() {
      return sslRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
