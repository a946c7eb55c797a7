/** A V8 code cache for the CommonJS modules the generator worker loads from drizzle-kit and drizzle-orm. Node 20
 * has no module.enableCompileCache(); drizzle-kit/api is a 3 MB bundle whose compilation is most of its ~0.25 s
 * load, and a cached compile roughly halves that. Any failure falls back to Node's own compile. */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

type CompiledModule = { exports: unknown; _compile(content: string, filename: string): unknown };

const CACHED = /[\\/]node_modules[\\/](drizzle-kit|drizzle-orm)[\\/]/;

/** Installs the cache for this process; returns a function that writes what was compiled without a cache. */
export function enableCompileCache(dir: string): () => void {
  const loader = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  // Without it, an import() inside a cached module would throw: do nothing then.
  if (!loader) return () => {};
  const proto = Module.prototype as unknown as CompiledModule;
  const original = proto._compile;
  const misses: [string, vm.Script][] = [];
  proto._compile = function (this: CompiledModule, content: string, filename: string) {
    if (!CACHED.test(filename)) return original.call(this, content, filename);
    let script: vm.Script;
    let file: string;
    try {
      const stat = statSync(filename);
      file = join(dir, createHash('sha1').update(`${process.version}\0${filename}\0${stat.size}\0${stat.mtimeMs}`).digest('hex'));
      let cachedData: Buffer | undefined;
      try {
        cachedData = readFileSync(file);
      } catch {
        // not cached yet
      }
      script = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(content), { filename, cachedData, importModuleDynamically: loader as never });
      if (!cachedData || script.cachedDataRejected) misses.push([file, script]);
    } catch {
      return original.call(this, content, filename);
    }
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };
  return () => {
    if (misses.length === 0) return;
    try {
      mkdirSync(dir, { recursive: true });
      // After running: the cache then also holds the functions compiled while loading.
      for (const [file, script] of misses.splice(0)) writeFileSync(file, script.createCachedData());
    } catch {
      // a read-only node_modules: no cache, same results
    }
  };
}
