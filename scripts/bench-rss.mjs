/**
 * Preloaded by the benchmark with `node --import` when /usr/bin/time is missing: on exit, writes this process's
 * peak resident set size (KB) and CPU time (ms), worker threads included, to the file named by TSAUDIT_BENCH_RSS_FILE.
 */
import fs from 'node:fs';

process.on('exit', () => {
  const file = process.env.TSAUDIT_BENCH_RSS_FILE;
  const usage = process.resourceUsage();
  if (file) fs.writeFileSync(file, `${usage.maxRSS} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}`);
});
