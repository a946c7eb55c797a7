import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** Variables from the env file drizzle-kit would read, with the file they came from. */
export interface EnvFile {
  /** Display name: `.env`, or DOTENV_CONFIG_PATH as given. */
  name?: string;
  /** Only the variables the process environment does not already set: the environment wins, as with dotenv. */
  values: Record<string, string>;
}

/** What drizzle-kit does before it loads its config: `dotenv/config`, i.e. `.env` in the directory it runs in
 * (DOTENV_CONFIG_PATH instead when set), never overriding a variable that is already set. No .env.local and
 * no search upward: drizzle-kit reads neither, so a config that works with drizzle-kit works here. */
export function readEnvFile(cwd: string, env: NodeJS.ProcessEnv = process.env): EnvFile {
  const name = env.DOTENV_CONFIG_PATH || '.env';
  let text: string;
  try {
    text = readFileSync(resolve(cwd, name), 'utf8');
  } catch {
    return { values: {} }; // no file (or unreadable): dotenv ignores it too
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) if (env[key] === undefined && value !== undefined) values[key] = value;
  return { name, values };
}

/** Runs `fn` (a config load) with the env file's variables in process.env, as drizzle-kit's process has them, and
 * takes them out again afterwards so that nothing else driftgate does depends on them. Loads must not overlap. */
export async function withEnvFile<T>(file: EnvFile, fn: () => Promise<T>): Promise<T> {
  const added = Object.keys(file.values).filter((key) => process.env[key] === undefined);
  for (const key of added) process.env[key] = file.values[key];
  try {
    return await fn();
  } finally {
    for (const key of added) delete process.env[key];
  }
}
