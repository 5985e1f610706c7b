#!/usr/bin/env node
/**
 * The benchmark's baseline: read and parse every TS/JS file under the given directories with TypeScript alone
 * (`ts.createSourceFile` with parent pointers, the parser tsaudit uses), no rules. Prints one JSON line. Skips what
 * tsaudit skips by default (node_modules, build output folders, minified and declaration files), so that on a real
 * project both measure the same files (.gitignore aside).
 *
 * Usage: node scripts/bench-parse.mjs <root> [path ...]
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

const SOURCE = /\.(?:[mc]?[jt]s|[jt]sx)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.git']);
const started = performance.now();
const [root, ...paths] = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
    } else if (entry.isFile() && SOURCE.test(entry.name) && !/\.d\.[mc]?ts$|\.min\.m?js$/.test(entry.name)) {
      files.push(path.join(dir, entry.name));
    }
  }
};
for (const dir of paths.length ? paths : ['.']) walk(path.resolve(root, dir));
files.sort();
const parseStarted = performance.now();
let bytes = 0;
let nodes = 0;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text);
  const kind = /\.[mc]?js$/.test(file) ? ts.ScriptKind.JS : /x$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  nodes += sf.statements.length;
}
const done = performance.now();
console.log(JSON.stringify({ files: files.length, bytes, statements: nodes, readParseMs: Math.round(done - parseStarted), inProcessMs: Math.round(done - started), typescript: ts.version }));
