import type { GeneratorSession } from './generator-session.js';
import type { MigrationSystem } from './migration-system.js';

/** The generators of one run: one per generator and project root (the two drizzle systems share one drizzle-kit),
 * started on first use, all closed together. */
export interface GeneratorPool {
  /** The system's generator for a project root; undefined when the system has none. */
  get(system: MigrationSystem, root: string): Promise<GeneratorSession | undefined>;
  close(): void;
}

export function generatorPool(): GeneratorPool {
  const started = new Map<MigrationSystem['startGenerator'], Map<string, Promise<GeneratorSession>>>();
  const running: GeneratorSession[] = [];
  let closed = false;
  // one that finishes starting after close() is closed at once: no worker outlives the run
  const keep = (g: GeneratorSession) => (closed ? g.close() : running.push(g), g);
  return {
    async get(system, root) {
      const start = system.startGenerator;
      if (!start) return undefined;
      const byRoot = started.get(start) ?? started.set(start, new Map()).get(start)!;
      if (!byRoot.has(root)) byRoot.set(root, start(root).then(keep));
      return byRoot.get(root);
    },
    close: () => {
      closed = true;
      running.splice(0).forEach((g) => g.close());
    },
  };
}
