import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { PGliteOptions } from '@electric-sql/pglite';
import type * as PgliteModule from '@electric-sql/pglite';

/** PGlite's code, ready before the database it will run is known: the module, its Postgres compiled to machine code
 * and its file-system bundle (Postgres' share files). */
export interface PgliteEngine {
  pglite: typeof PgliteModule;
  /** What PGlite.create would otherwise read and compile itself on every start. */
  options: Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'>;
}

/** PGlite's Postgres runs on V8's baseline WebAssembly compiler only. By default V8 recompiles hot functions with its
 * optimizing compiler on background threads, and the thread running Postgres stalls for ~0.25 s after the start
 * while that code is installed; on 2 cores the recompiling also competes with the replay itself. Measured on the
 * 300-migration bench history: a pre-push replay of one migration 2.2 s → 1.55 s, a full replay 5.6 s → 4.9 s. The
 * flag is read when a module is compiled, so it is set before PGlite's is; it is process-wide, and nothing else in
 * driftgate's process compiles WebAssembly that runs long. */
function liftoffOnly(): void {
  setFlagsFromString('--liftoff-only');
}

/** Loads PGlite and compiles its Postgres (~0.25 s with the import), the part of a start that does not depend on
 * the data directory: the replay's worker does it while the main thread still reads the migrations. When PGlite's
 * files are not where its own module looks for them, PGlite is left to load them itself. */
export async function loadPgliteEngine(): Promise<PgliteEngine> {
  liftoffOnly();
  const pglite = await import('@electric-sql/pglite');
  try {
    const url = (file: string) => new URL(file, import.meta.resolve('@electric-sql/pglite'));
    const [pgliteWasmModule, fsBundle] = await Promise.all([WebAssembly.compile(readFileSync(url('./pglite.wasm'))), new Blob([readFileSync(url('./pglite.data'))])]);
    return { pglite, options: { pgliteWasmModule, fsBundle } };
  } catch {
    return { pglite, options: {} };
  }
}
