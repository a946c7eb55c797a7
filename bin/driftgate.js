#!/usr/bin/env node
// dist/bundle/ is dist/cli/ and what it imports, bundled by scripts/bundle-cli.mjs (`npm run build`).
import '../dist/bundle/index.js';
