import { describe, expect, it } from 'vitest';
import type { BenchCase, CaseResult, SizeResult } from '../../scripts/bench/bench-case.js';
import { growthTarget, ratioTarget, rssTarget } from '../../scripts/bench/cases/targets.js';
import { growthExponent, median } from '../../scripts/bench/stats.js';
import { resultsMarkdown } from '../../scripts/bench/write-markdown.js';
import { timeChartSvg } from '../../scripts/bench/write-svg.js';

const sample = (wallMs: number, rssKiB = 50 * 1024) => ({ wallMs, rssKiB, exit: 0, tail: '' });
const size = (n: number, ours: number[], theirs: number[] | null): SizeResult => ({
  size: n,
  competitors: [
    { name: 'ours', samples: ours.map((v) => sample(v)), medianMs: median(ours), rssKiB: 50 * 1024 },
    theirs ? { name: 'theirs', samples: theirs.map((v) => sample(v)), medianMs: median(theirs), rssKiB: 300 * 1024 } : { name: 'theirs', samples: [], skipped: 'too slow' },
  ],
});

describe('bench report', () => {
  const sizes = [size(100, [90, 100, 400], [2000, 2100, 1900]), size(300, [200, 210, 190], [5000, 6000, 4000]), size(1000, [600, 650, 700], null)];
  const bench = {
    name: 'demo', issue: 'issue 0', title: '`ours` vs `theirs`', unit: 'migrations', baseline: 'theirs',
    competitors: [{ name: 'ours' }, { name: 'theirs', note: 'too slow above 300', maxSize: 300 }],
  } as unknown as BenchCase;

  it('judges ratio, memory and growth targets on medians', () => {
    expect(median([90, 100, 400])).toBe(100);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(growthExponent({ size: 100, value: 1 }, { size: 1000, value: 10 })).toBeCloseTo(1);
    const ratio = ratioTarget('ratio', 'ours', 'theirs', 300, 1 / 20).evaluate(sizes, 'full');
    expect(ratio).toMatchObject({ status: 'pass', actual: '1/25.0 at 300' });
    expect(ratioTarget('ratio', 'ours', 'theirs', 100, 1 / 30).evaluate(sizes, 'full')).toMatchObject({ status: 'fail', overLimit: 1.5 });
    expect(ratioTarget('ratio', 'ours', 'theirs', 1000, 1 / 20).evaluate(sizes, 'full').status).toBe('n/a');
    // smoke judges a target at its largest size not above the target's
    expect(ratioTarget('ratio', 'ours', 'theirs', 500, 1 / 20).evaluate(sizes.slice(0, 1), 'smoke')).toMatchObject({ status: 'pass', actual: '1/20.0 at 100' });
    expect(rssTarget('rss', 'ours', 300, 40).evaluate(sizes, 'full')).toMatchObject({ status: 'fail', actual: '50 MiB at 300' });
    expect(growthTarget('growth', 'ours', 1.15).evaluate(sizes, 'full')).toMatchObject({ status: 'pass', actual: 'exponent 0.98 (300 → 1000)' });
  });

  it('writes a markdown table with medians, ratios, skipped competitors and targets, and a log-log SVG', () => {
    const result: CaseResult = { bench, sizes, targets: [{ target: ratioTarget('issue 0: ours ≤ 1/20 of theirs', 'ours', 'theirs', 300, 1 / 20), result: { status: 'pass', actual: '1/25.0 at 300' } }] };
    const skipped: CaseResult = { bench: { ...bench, name: 'later', title: 'later', targets: [{ description: 'issue 9: later ≤ 1 s', gatesSmoke: false, evaluate: () => ({ status: 'n/a', actual: '' }) }] } as BenchCase, skipped: 'driftgate later not available', sizes: [], targets: [] };
    const md = resultsMarkdown([result, skipped], { mode: 'full', machine: 'test machine', date: '2026-01-01 00:00', totalSeconds: 1, charts: { demo: 'demo.svg' } });
    expect(md).toContain('| issue 0: ours ≤ 1/20 of theirs | 1/25.0 at 300 | ✅ pass |');
    expect(md).toContain('| issue 9: later ≤ 1 s | skipped: driftgate later not available | – |');
    expect(md).toContain('| 300 | 200 ms (3×) | 5000 ms (3×) | 50 MiB | 300 MiB | **1/25.0** |');
    expect(md).toContain('| 1000 | 650 ms (3×) | not run | 50 MiB | – | – |');
    expect(md).toContain('![demo: time vs migrations, log-log](demo.svg)');
    const svg = timeChartSvg(result);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('ours: 650 ms at 1000');
  });
});
