import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { debug } from '../../../debug.js';

/** The wasm schema engine package's JS glue (wasm-bindgen, "bundler" target). Only the members driftgate calls. */
export interface WasmEngineModule {
  version(): string;
  SchemaEngine: { new: (options: { datamodels: [string, string][] | undefined }, log: (line: string) => void, adapter: object) => Promise<SchemaEngineHandle> };
}

/** One engine instance: the methods of `@prisma/schema-engine-wasm`'s SchemaEngine that driftgate uses. Inputs and
 * outputs are the package's own JSON shapes (see its schema_engine.d.ts). */
export interface SchemaEngineHandle {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diagnoseMigrationHistory(input: unknown): Promise<unknown>;
  devDiagnostic(input: unknown): Promise<unknown>;
  free(): void;
}

export interface LoadedEngine {
  module: WasmEngineModule;
  /** Where it came from: the project's own install, or driftgate's pinned dependency. */
  origin: 'project' | 'driftgate';
  packageDir: string;
}

const PACKAGE = '@prisma/schema-engine-wasm';
const GLUE = 'schema_engine_bg.js';
const WASM = 'schema_engine_bg.wasm';

/** The package directory as resolved from `fromDir` (its `exports` hide package.json, so resolve the entry). */
function packageDirFrom(fromDir: string): string | undefined {
  try {
    return dirname(createRequire(join(fromDir, 'noop.js')).resolve(PACKAGE));
  } catch {
    return undefined;
  }
}

// wasm-bindgen keeps one instance per glue module; instantiating a glue twice breaks it. One load per package dir.
const loaded = new Map<string, Promise<WasmEngineModule>>();

/** The engine reports a Rust panic's message here just before it traps (Prisma's CLI installs the same global). */
const panics = { last: '', set_message(message: string) { this.last = message; } };
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panics }).PRISMA_WASM_PANIC_REGISTRY ??= panics;

/** The message of the engine's last panic, if a call just died of one. */
export const lastEnginePanic = () => panics.last;

async function instantiate(packageDir: string): Promise<WasmEngineModule> {
  const t0 = performance.now();
  const glue = (await import(pathToFileURL(join(packageDir, GLUE)).href)) as WasmEngineModule & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const module = await WebAssembly.compile(await readFile(join(packageDir, WASM)));
  // The glue module is the wasm's only import namespace: it was built with `--target bundler`.
  const instance = await WebAssembly.instantiate(module, { [`./${GLUE}`]: glue as unknown as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  debug(`prisma schema engine ${glue.version()} from ${packageDir} in ${(performance.now() - t0).toFixed(0)}ms`);
  return glue;
}

/** Prisma's schema engine compiled to wasm, loaded in-process: the project's own `@prisma/schema-engine-wasm` when
 * it has one (the version its Prisma CLI pairs with), else the version driftgate pins. Loaded on first use only. */
export async function loadSchemaEngine(projectDir: string): Promise<LoadedEngine> {
  const own = packageDirFrom(projectDir);
  const pinned = packageDirFrom(dirname(new URL(import.meta.url).pathname));
  const packageDir = own ?? pinned;
  if (!packageDir) throw new Error(`${PACKAGE} is not installed`);
  if (!loaded.has(packageDir)) loaded.set(packageDir, instantiate(packageDir));
  return { module: await loaded.get(packageDir)!, origin: own && own !== pinned ? 'project' : 'driftgate', packageDir };
}
