/**
 * A V8 code cache for TypeScript's compiler: its 9 MB of JavaScript take about 0.1 s to compile at every start, a fifth
 * of a pre-commit scan. Node 22+ caches every module itself (`module.enableCompileCache`); on Node 20 this compiles the
 * one big file with `vm.Script` and `cachedData`, as `v8-compile-cache` did. The cache sits in `node_modules/.cache/`
 * beside the installed compiler, is written only when missing or rejected (V8 checks the source, its version and flags),
 * and any failure falls back to a plain compile. `TSAUDIT_COMPILE_CACHE=off` turns it off; another value names the folder.
 *
 * Imported for its effect before anything loads `ts-morph` (the executable and the worker entry import it first).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** The big CommonJS files worth caching: TypeScript's compiler (ts-morph ships its own copy). */
const CACHED_FILE = /[\\/]node_modules[\\/](?:typescript[\\/]lib|@ts-morph[\\/]common[\\/]dist)[\\/]typescript\.js$/;

type Compile = (this: Module, content: string, filename: string) => unknown;
type ModuleWithCompile = { prototype: { _compile: Compile } };
type ModuleWithCache = { enableCompileCache?: (dir?: string) => unknown };

const setting = process.env.TSAUDIT_COMPILE_CACHE;
if (setting !== 'off' && setting !== '0') {
  const builtIn = (Module as unknown as ModuleWithCache).enableCompileCache;
  if (builtIn) {
    try {
      builtIn(setting || undefined);
    } catch {
      // no cache: a plain compile
    }
  } else {
    installCachingCompile(setting || undefined);
  }
}

/** Node 20: compiles TypeScript's compiler with a code cache kept in `dir` (default: node_modules/.cache/tsaudit-v8). */
function installCachingCompile(dir: string | undefined): void {
  const proto = (Module as unknown as ModuleWithCompile).prototype;
  const original = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string): unknown {
    if (!CACHED_FILE.test(filename)) return original.call(this, content, filename);
    let compiled: ((...args: unknown[]) => unknown) | undefined;
    try {
      compiled = compileWithCache(content, filename, dir ?? defaultCacheDir(filename));
    } catch {
      compiled = undefined;
    }
    if (!compiled) return original.call(this, content, filename);
    const require = Module.createRequire(filename);
    return compiled.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
}

function defaultCacheDir(filename: string): string {
  const marker = `${path.sep}node_modules${path.sep}`;
  return path.join(filename.slice(0, filename.lastIndexOf(marker) + marker.length), '.cache', 'tsaudit-v8');
}

/** The module's wrapper function, compiled from the cache when V8 accepts it; the cache is (re)written at exit otherwise. */
function compileWithCache(content: string, filename: string, dir: string): ((...args: unknown[]) => unknown) | undefined {
  const key = crypto.createHash('sha256').update(`${filename}\0${content.length}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 16);
  const file = path.join(dir, `${path.basename(filename, '.js')}-${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(content), { filename, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // at exit the cache also holds the functions this run compiled lazily (the parser's, for one)
    process.once('exit', () => writeCache(file, () => script.createCachedData()));
  }
  return script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
}

/** Writes the cache atomically (a temporary file renamed), silently giving up when the folder is not writable. */
function writeCache(file: string, data: () => Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(temp, data());
    fs.renameSync(temp, file);
  } catch {
    // read-only install: no cache
  }
}
