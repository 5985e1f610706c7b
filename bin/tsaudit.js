#!/usr/bin/env node
// The only place that sets the process exit code; all logic lives in src/cli.ts (built to dist/).
// a reader that stops early (`tsaudit --list-rules | head -1`) closes the pipe: stop, without a stack trace
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
// first: a code cache for TypeScript's compiler, which everything below loads
await import('../dist/src/engine/compile-cache.js');
const { run } = await import('../dist/src/cli.js');
process.exitCode = await run(process.argv.slice(2));
