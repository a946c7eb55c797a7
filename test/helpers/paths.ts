import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/driftgate.js', import.meta.url));
export const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
