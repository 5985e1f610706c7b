#!/usr/bin/env node
// The only place that sets the process exit code; all logic lives in src/cli.ts (built to dist/).
// first: a code cache for TypeScript's compiler, which everything below loads
await import('../dist/src/engine/compile-cache.js');
const { run } = await import('../dist/src/cli.js');
process.exitCode = await run(process.argv.slice(2));
