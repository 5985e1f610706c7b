/**
 * Workspace packages of a monorepo (npm/yarn `workspaces`, `pnpm-workspace.yaml`): `import { x } from '@acme/db'` in
 * one package is the source of another package of the scan, not a library. Module resolution asks here for bare
 * specifiers that no tsconfig alias matched.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A package of the workspace: its folder and the entry points its manifest names. */
export interface WorkspacePackage {
  dir: string;
  /** Entry files named by the manifest (`source`, `exports['.']`, `types`, `module`, `main`), relative to `dir`. */
  entries: string[];
  /** `exports` subpath patterns with a single target each: `./*` → `./src/*.ts`. */
  subpaths: Array<{ pattern: string; target: string }>;
}

/** Package name → package, for the workspace rooted at `root`; empty when the root declares no workspace. */
export function readWorkspacePackages(root: string): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  for (const pattern of readWorkspaceGlobs(root)) {
    for (const dir of expandGlob(root, pattern)) {
      const manifest = readJson(path.join(dir, 'package.json'));
      if (!manifest || typeof manifest.name !== 'string' || packages.has(manifest.name)) continue;
      packages.set(manifest.name, { dir, entries: entryPoints(manifest), subpaths: subpathPatterns(manifest.exports) });
    }
  }
  return packages;
}

/** The package a bare specifier names, and the subpath after its name: `@acme/db/users` → ('@acme/db', 'users'). */
export function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, count).join('/'), subpath: parts.slice(count).join('/') };
}

/**
 * Candidate files (without extension resolution) for `subpath` of a workspace package, in order: an `exports` pattern,
 * the path itself, the path under `src/`; for the package itself, its manifest entries, with a build output folder
 * mapped back to `src/` (`dist/index.js` → `src/index`), then `src/index` and `index`.
 */
export function candidatePaths(pkg: WorkspacePackage, subpath: string): string[] {
  const out: string[] = [];
  if (subpath) {
    for (const { pattern, target } of pkg.subpaths) {
      const star = pattern.indexOf('*');
      const wanted = `./${subpath}`;
      if (star < 0 ? pattern === wanted : wanted.startsWith(pattern.slice(0, star)) && wanted.endsWith(pattern.slice(star + 1))) {
        const middle = star < 0 ? '' : wanted.slice(star, wanted.length - (pattern.length - star - 1));
        out.push(...fromBuildOutput(path.join(pkg.dir, target.replace('*', middle))));
      }
    }
    out.push(path.join(pkg.dir, subpath), path.join(pkg.dir, 'src', subpath));
    return out;
  }
  for (const entry of pkg.entries) out.push(...fromBuildOutput(path.join(pkg.dir, entry)));
  out.push(path.join(pkg.dir, 'src', 'index'), path.join(pkg.dir, 'index'));
  return out;
}

const BUILD_DIR = /[\\/](?:dist|build|lib|out)(?:[\\/](?:cjs|esm|es|mjs|types))?[\\/]/;

/** `pkg/dist/cjs/index.d.ts` → itself and `pkg/src/index` (the source of what the build emits). */
function fromBuildOutput(file: string): string[] {
  const match = BUILD_DIR.exec(file);
  if (!match) return [file];
  const stem = file.slice(match.index + match[0].length).replace(/\.d\.[mc]?ts$|\.[mc]?js$/, '');
  return [file, path.join(file.slice(0, match.index), 'src', stem)];
}

function readWorkspaceGlobs(root: string): string[] {
  const manifest = readJson(path.join(root, 'package.json'));
  const declared = manifest?.workspaces;
  const globs: unknown[] = Array.isArray(declared) ? declared : Array.isArray(declared?.packages) ? declared.packages : [];
  let yaml: string | undefined;
  try {
    yaml = fs.readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  } catch {
    yaml = undefined;
  }
  if (yaml) {
    // the `packages:` list; other keys (catalogs, settings) end it
    const block = /^packages:\s*\n((?:[ \t]+-[^\n]*\n?|[ \t]*#[^\n]*\n?|[ \t]*\n)*)/m.exec(yaml)?.[1] ?? '';
    for (const m of block.matchAll(/^[ \t]+-[ \t]*['"]?([^'"#\n]+?)['"]?[ \t]*(?:#.*)?$/gm)) globs.push(m[1]);
  }
  return globs.filter((g): g is string => typeof g === 'string' && !g.startsWith('!'));
}

/** Folders matching a workspace pattern: literal folders, `dir/*` (one level) and `dir/**` (two levels). */
function expandGlob(root: string, pattern: string): string[] {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  const star = clean.indexOf('*');
  const inside = (dir: string) => dir === root || dir.startsWith(root + path.sep);
  // nothing outside the scan root is read (`../shared` in a workspace list, a symlink out of it)
  if (star < 0) {
    const dir = path.resolve(root, clean);
    return inside(dir) && inside(realpath(dir)) ? [dir] : [];
  }
  const base = path.resolve(root, clean.slice(0, star).replace(/\/+$/, ''));
  if (!inside(base)) return [];
  const depth = clean.slice(star).startsWith('**') ? 2 : 1;
  const out: string[] = [];
  const walk = (dir: string, level: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const sub = path.join(dir, e.name);
      out.push(sub);
      if (level < depth) walk(sub, level + 1);
    }
  };
  walk(base, 1);
  return out;
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

type Manifest = { name?: unknown; workspaces?: any; exports?: unknown; [field: string]: unknown };

function readJson(file: string): Manifest | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

function entryPoints(manifest: Manifest): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
  };
  add(manifest.source);
  const exported = manifest.exports;
  const main = typeof exported === 'string' ? exported : exported && typeof exported === 'object' ? (exported as Record<string, unknown>)['.'] ?? exported : undefined;
  for (const target of conditionTargets(main)) add(target);
  add(manifest.types);
  add(manifest.typings);
  add(manifest.module);
  add(manifest.main);
  return out;
}

/** String targets of an export condition object, any depth: `{ import: { types, default } }`. */
function conditionTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>)
    .filter(([key]) => !key.startsWith('.'))
    .flatMap(([, v]) => conditionTargets(v));
}

function subpathPatterns(exported: unknown): Array<{ pattern: string; target: string }> {
  if (!exported || typeof exported !== 'object' || Array.isArray(exported)) return [];
  const out: Array<{ pattern: string; target: string }> = [];
  for (const [key, value] of Object.entries(exported as Record<string, unknown>)) {
    if (!key.startsWith('./') || key === '.') continue;
    for (const target of conditionTargets(value)) out.push({ pattern: key, target });
  }
  return out;
}
