// Loaded with --require when GNU time is missing: appends this node process's peak RSS (KiB) to a file on exit.
const { appendFileSync } = require('node:fs');
const file = process.env.DRIFTGATE_BENCH_RSS_FILE;
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
