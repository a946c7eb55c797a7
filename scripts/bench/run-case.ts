import { sizesOf, type BenchCase, type CaseResult, type CompetitorResult, type Mode, type SizeResult } from './bench-case.js';
import { measure } from './measure.js';
import { median } from './stats.js';

/** A run slower than this is not repeated: its first run is its sample (drizzle-kit check on 1,000 migrations takes a minute). */
const LONG_RUN_MS = 15_000;

/**
 * Runs every competitor of a case at every size: one untimed warm-up each, then `reps` rounds in which the
 * competitors alternate (the order rotates each round, so neither always runs on a warmer machine).
 */
export async function runCase(bench: BenchCase<any>, mode: Mode, log: (line: string) => void, large = false): Promise<CaseResult> {
  const skipped = bench.unavailable();
  if (skipped) {
    log(`${bench.name}: skipped: ${skipped}`);
    return { bench, skipped, sizes: [], targets: [] };
  }
  const sizes: SizeResult[] = [];
  for (const size of sizesOf(bench, mode, large)) {
    let prepared: Awaited<ReturnType<typeof bench.setup>>;
    try {
      prepared = await bench.setup(size, mode);
    } catch (error) {
      // a setup that cannot run (generator, database, git) is a failed size, reported in one line; other cases go on
      const message = `setup failed: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
      log(`${bench.name} @ ${size} ${bench.unit}: ${message}`);
      sizes.push({ size, competitors: bench.competitors.map((c) => ({ name: c.name, samples: [], error: message })) });
      continue;
    }
    const { ctx, detail } = prepared;
    try {
      const results: CompetitorResult[] = bench.competitors.map((c) => ({ name: c.name, samples: [] }));
      const active = bench.competitors.filter((c, i) => {
        if (c.maxSize !== undefined && size > c.maxSize) results[i].skipped = c.note ?? `not run above ${c.maxSize}`;
        if (c.fullOnly && mode === 'smoke') results[i].skipped = 'not run by bench:smoke';
        return !results[i].skipped;
      });
      const resultOf = (name: string) => results.find((r) => r.name === name)!;
      const once = (c: (typeof active)[number]) => {
        c.before?.(ctx);
        const sample = measure(c.command(ctx));
        if (sample.exit !== (c.expectExit ?? 0)) resultOf(c.name).error = `exit ${sample.exit} (expected ${c.expectExit ?? 0}): ${sample.tail}`;
        return sample;
      };
      const long = new Set<string>();
      for (const c of active) {
        const warm = once(c);
        if (warm.wallMs > LONG_RUN_MS) {
          resultOf(c.name).samples.push(warm);
          long.add(c.name);
        }
      }
      for (let rep = 0; rep < bench.reps[mode]; rep++) {
        const order = active.map((_, i) => active[(i + rep) % active.length]);
        for (const c of order) {
          const r = resultOf(c.name);
          if (r.error || long.has(c.name)) continue;
          r.samples.push(once(c));
        }
      }
      for (const r of results) {
        if (r.error) r.samples = [];
        if (!r.samples.length) continue;
        r.medianMs = median(r.samples.map((s) => s.wallMs));
        const rss = r.samples.map((s) => s.rssKiB).filter((v): v is number => v !== undefined);
        if (rss.length) r.rssKiB = Math.max(...rss);
      }
      sizes.push({ size, detail, competitors: results });
      log(`${bench.name} @ ${size} ${bench.unit}: ${results.map((r) => `${r.name} ${r.medianMs !== undefined ? `${Math.round(r.medianMs)} ms` : r.error ?? r.skipped}`).join(' | ')}`);
    } finally {
      await bench.teardown?.(ctx);
    }
  }
  return { bench, sizes, targets: bench.targets.map((target) => ({ target, result: target.evaluate(sizes, mode) })) };
}
