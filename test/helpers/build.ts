/** Tests that run the compiled JavaScript (worker threads, the executable) build dist/ first when it is missing or stale. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';

/** Newest modification time of the TypeScript sources the build compiles. */
function newestSourceTime(): number {
  let newest = 0;
  for (const dir of ['src', 'rules']) {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** Oldest modification time of the built modules the tests run, or 0 when one is missing. */
function oldestBuildTime(): number {
  const built = ['src/cli.js', 'src/engine/scan.js', 'src/engine/worker-entry.js', 'src/engine/workers.js', 'src/engine/compile-cache.js', 'rules/index.js'].map((f) => path.join(REPO_ROOT, 'dist', f));
  return built.every((f) => fs.existsSync(f)) ? Math.min(...built.map((f) => fs.statSync(f).mtimeMs)) : 0;
}

/** Builds dist/ when it is missing or older than the sources (CI builds before testing). */
export function ensureBuilt(): void {
  if (oldestBuildTime() < newestSourceTime()) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
}
