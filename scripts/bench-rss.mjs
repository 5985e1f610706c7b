/**
 * Preloaded by the benchmark with `node --import` when /usr/bin/time is missing: on exit, writes this process's
 * peak resident set size (KB, worker threads included) to the file named by TSAUDIT_BENCH_RSS_FILE.
 */
import fs from 'node:fs';

process.on('exit', () => {
  const file = process.env.TSAUDIT_BENCH_RSS_FILE;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
});
