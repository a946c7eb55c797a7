import type { BenchCase } from '../bench-case.js';

/**
 * Registered benches whose entries are not written yet. Their commands exist; the harness lists them (with their
 * targets) as skipped until a setup and competitors are filled in here.
 */
function pending(c: Pick<BenchCase, 'name' | 'issue' | 'title' | 'unit'> & { targets: string[]; why: string }): BenchCase<never> {
  return {
    ...c,
    sizes: { full: [], smoke: [] },
    reps: { full: 0, smoke: 0 },
    unavailable: () => c.why,
    setup: () => Promise.reject(new Error('not implemented')),
    competitors: [],
    baseline: '',
    targets: c.targets.map((description) => ({ description, evaluate: () => ({ status: 'n/a' as const, actual: 'not measured' }) })),
  };
}

export const verifyDbCase = pending({
  name: 'verify-db',
  issue: 'issue 4',
  title: '`driftgate verify --db URL` vs one `information_schema.columns` query',
  unit: 'tables',
  why: 'bench entry not written yet (driftgate verify --db exists; see scripts/bench-verify.ts of issue 4)',
  targets: ['issue 4: verify of 1,000 tables ≤ 0.5 s wall end to end', 'issue 4: cost linear in tables; round trips constant'],
});

export const embeddedCase = pending({
  name: 'embedded',
  issue: 'issue 5',
  title: '`driftgate verify --embedded` replay vs drizzle migrator on the real server',
  unit: 'migrations',
  why: 'bench entry not written yet (driftgate verify --embedded exists)',
  targets: ['issue 5: embedded start ≤ 0.8 s (cold vs cached data dir)', 'issue 5: replay cost linear in migrations (50 / 300)'],
});
