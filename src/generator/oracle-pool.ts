import type { Oracle } from './oracle.js';

/** One drizzle-kit Oracle per project root, started on first use (the module loads lazily), all closed together. */
export interface OraclePool {
  get(root: string): Promise<Oracle>;
  close(): void;
}

export function oraclePool(): OraclePool {
  const oracles = new Map<string, Oracle>();
  return {
    async get(root) {
      if (!oracles.has(root)) {
        const { Oracle } = await import('./oracle.js');
        if (!oracles.has(root)) oracles.set(root, new Oracle(root));
      }
      return oracles.get(root)!;
    },
    close: () => oracles.forEach((oracle) => oracle.close()),
  };
}
