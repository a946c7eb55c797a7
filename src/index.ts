/** Programmatic API. The CLI is a thin layer over these. */
export { defineConfig, type DriftgateConfig } from './config/driftgate-config.js';
export { check, staticFindings } from './check.js';
export { loadProject, type Project, type ProjectOptions } from './project.js';
export type { RunResult } from './result.js';
export type { Finding, Rule, RuleFinding, Severity } from './types.js';
export { DriftgateError } from './errors.js';
