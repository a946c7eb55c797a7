import type { Project } from '../project.js';
import type { Finding } from '../types.js';
import type { Step } from './step.js';

/** What the DB-verify module (src/verify.ts, issue 4) is expected to export for hooks. */
interface VerifyModule {
  verifyDatabase?: (project: Project, opts: { mode: 'auto' }) => Promise<{ findings: Finding[]; summary?: string; skipped?: string }>;
}

/** The database step: the DB-verify issue's check when a URL is configured, its embedded replay when none is.
 * Loaded lazily (postgres, PGlite) and only if that module is part of this build. */
export function databaseStep(project: Project, sink: Finding[]): Step {
  return {
    name: 'db',
    async run() {
      let mod: VerifyModule;
      try {
        const path = '../verify.js';
        mod = (await import(path)) as VerifyModule;
      } catch {
        return { status: 'skipped', summary: 'database check not available in this build' };
      }
      if (typeof mod.verifyDatabase !== 'function') return { status: 'skipped', summary: 'database check not available in this build' };
      const outcome = await mod.verifyDatabase(project, { mode: 'auto' });
      if (outcome.skipped) return { status: 'skipped', summary: outcome.skipped };
      sink.push(...outcome.findings);
      const errors = outcome.findings.filter((f) => f.severity === 'error').length;
      return { status: errors ? 'failed' : 'ok', summary: outcome.summary };
    },
  };
}
