#!/usr/bin/env node
/**
 * The benchmark's baseline: read and parse every TS/JS file under the given directories with TypeScript alone
 * (`ts.createSourceFile` with parent pointers, the parser tsaudit uses), no rules. Prints one JSON line.
 *
 * Usage: node scripts/bench-parse.mjs <root> [path ...]
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

const SOURCE = /\.(?:[mc]?[jt]s|[jt]sx)$/;
const started = performance.now();
const [root, ...paths] = process.argv.slice(2);
const files = [];
for (const dir of paths.length ? paths : ['.']) {
  const base = path.resolve(root, dir);
  for (const entry of fs.readdirSync(base, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name) || /\.d\.[mc]?ts$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (!file.includes(`${path.sep}node_modules${path.sep}`)) files.push(file);
  }
}
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
