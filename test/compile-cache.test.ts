/**
 * The code cache for TypeScript's compiler (src/engine/compile-cache.ts): the first run writes it, later runs accept it
 * and leave it alone, a damaged cache is replaced, `off` writes nothing, and results never change.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { REPO_ROOT } from './helpers/cli.js';

const BIN = path.join(REPO_ROOT, 'bin/tsaudit.js');
const DEMO = path.join(REPO_ROOT, 'fixtures/demo-app');

/** Runs the executable on the demo app with the cache in `cacheSetting`; returns its exit code and JSON findings. */
function scanDemo(cacheSetting: string): { code: number | null; findings: unknown } {
  const run = spawnSync(process.execPath, [BIN, DEMO, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, TSAUDIT_COMPILE_CACHE: cacheSetting } });
  expect(run.stderr).toBe('');
  return { code: run.status, findings: (JSON.parse(run.stdout) as { findings: unknown }).findings };
}

function cacheFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.bin')) : [];
}

beforeAll(() => ensureBuilt());

describe('the code cache of the TypeScript compiler', () => {
  // Node 22+ caches modules itself (module.enableCompileCache) in its own layout; the hand-made cache is Node 20's
  const handMade = !(process.versions.node.split('.').map(Number)[0] >= 22);

  it('is written by the first run, accepted unchanged by the next, and changes no result', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-v8-'));
    const first = scanDemo(dir);
    expect(first.code).toBe(1);
    if (!handMade) return;
    const [file] = cacheFiles(dir);
    expect(file).toMatch(/^typescript-[0-9a-f]{16}\.bin$/);
    const written = fs.statSync(path.join(dir, file));
    expect(written.size).toBeGreaterThan(100_000);
    const second = scanDemo(dir);
    expect(second).toEqual(first);
    // accepted: not rewritten (a rewrite renames a new file into place)
    const after = fs.statSync(path.join(dir, file));
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
  });

  it('replaces a damaged cache and still scans', () => {
    if (!handMade) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-v8-'));
    const clean = scanDemo(dir);
    const [file] = cacheFiles(dir);
    fs.writeFileSync(path.join(dir, file), 'not a code cache');
    expect(scanDemo(dir)).toEqual(clean);
    expect(fs.statSync(path.join(dir, file)).size).toBeGreaterThan(100_000);
  });

  it('is not installed when turned off', () => {
    if (!handMade) return;
    const module = path.join(REPO_ROOT, 'dist/src/engine/compile-cache.js');
    const probe = `import Module from 'node:module'; const before = Module.prototype._compile; await import(${JSON.stringify(module)}); console.log(Module.prototype._compile === before);`;
    const installed = (setting: string) => spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', env: { ...process.env, TSAUDIT_COMPILE_CACHE: setting } }).stdout.trim();
    expect(installed('off')).toBe('true');
    expect(installed(fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-v8-')))).toBe('false');
  });
});
