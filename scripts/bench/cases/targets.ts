import type { Mode, SizeResult, Target, TargetResult } from '../bench-case.js';
import { growthExponent } from '../stats.js';

/**
 * Targets are defined at a size; `bench:smoke` runs smaller sizes and judges the target at its largest size that is
 * not above the target's (a ratio measured on fewer migrations is, if anything, less favourable to driftgate).
 */
function at(sizes: SizeResult[], size: number, mode: Mode): SizeResult | undefined {
  const exact = sizes.find((s) => s.size === size);
  if (exact || mode === 'full') return exact;
  return [...sizes].filter((s) => s.size <= size).sort((a, b) => b.size - a.size)[0];
}

const na = (actual: string): TargetResult => ({ status: 'n/a', actual });
const judged = (value: number, limit: number, actual: string): TargetResult => ({ status: value <= limit ? 'pass' : 'fail', actual, overLimit: value / limit });
const fraction = (r: number) => (r < 1 ? `1/${(1 / r).toFixed(1)}` : `${r.toFixed(2)}×`);

/** subject's median wall time ÷ baseline's ≤ limit. */
export function ratioTarget(description: string, subject: string, baseline: string, size: number, limit: number): Target {
  return {
    description,
    gatesSmoke: true,
    evaluate(sizes, mode) {
      const s = at(sizes, size, mode);
      const a = s?.competitors.find((c) => c.name === subject)?.medianMs;
      const b = s?.competitors.find((c) => c.name === baseline)?.medianMs;
      if (!s || a === undefined || b === undefined) return na('not measured');
      return judged(a / b, limit, `${fraction(a / b)} at ${s.size}`);
    },
  };
}

/** subject's median wall time ≤ limitMs. */
export function wallTarget(description: string, subject: string, size: number, limitMs: number): Target {
  return {
    description,
    gatesSmoke: false,
    evaluate(sizes, mode) {
      const s = at(sizes, size, mode);
      const ms = s?.competitors.find((c) => c.name === subject)?.medianMs;
      if (!s || ms === undefined) return na('not measured');
      return judged(ms, limitMs, `${Math.round(ms)} ms at ${s.size}`);
    },
  };
}

/** subject's peak RSS ≤ limitMiB. */
export function rssTarget(description: string, subject: string, size: number, limitMiB: number): Target {
  return {
    description,
    gatesSmoke: false,
    evaluate(sizes, mode) {
      const s = at(sizes, size, mode);
      const kib = s?.competitors.find((c) => c.name === subject)?.rssKiB;
      if (!s || kib === undefined) return na('not measured');
      return judged(kib / 1024, limitMiB, `${(kib / 1024).toFixed(0)} MiB at ${s.size}`);
    },
  };
}

/** Time grows at most like size^maxExponent between the two largest measured sizes (needs a 3× span). */
export function growthTarget(description: string, subject: string, maxExponent: number): Target {
  return {
    description,
    gatesSmoke: false,
    evaluate(sizes) {
      const points = sizes
        .map((s) => ({ size: s.size, value: s.competitors.find((c) => c.name === subject)?.medianMs }))
        .filter((p): p is { size: number; value: number } => p.value !== undefined);
      if (points.length < 2 || points.at(-1)!.size < 3 * points.at(-2)!.size) return na('needs two sizes ≥ 3× apart');
      const k = growthExponent(points.at(-2)!, points.at(-1)!);
      return judged(Math.max(k, 0), maxExponent, `exponent ${k.toFixed(2)} (${points.at(-2)!.size} → ${points.at(-1)!.size})`);
    },
  };
}
