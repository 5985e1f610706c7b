/**
 * Logger-side redaction: the key paths a logger hides, read from the call that created it
 * (pino `redact: ['password', 'req.headers.authorization']` or `{ paths: [...] }`, per-key `serializers`).
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier } from './scope.js';
import { getExportedDeclaration, getImportOf, getObjectProperty, getThisAssignments, getEnclosingClass, findClassMember, skipOuter } from './values.js';
import { getStaticString } from './constant.js';
import type { LoggerModel } from '../models/loggers.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

const MAX_DEPTH = 10;

/** Key paths (with `*` wildcards) a logger redacts; [] when unknown or none. */
export function getRedactedPaths(receiver: ts.Expression, model: LoggerModel, project: ProjectIndex): string[][] {
  if (!model.redactOption && !model.serializersOption) return [];
  const creation = findCreationCall(receiver, model, project, 0);
  const options = creation?.arguments?.[0] ? resolveObject(creation.arguments[0]) : undefined;
  if (!options) return [];
  const out: string[][] = [];
  const redact = model.redactOption ? getOption(options, model.redactOption) : undefined;
  if (redact) {
    const list = ts.isObjectLiteralExpression(redact) ? resolveExpression(getObjectProperty(redact, 'paths')) : redact;
    if (list && ts.isArrayLiteralExpression(list)) {
      for (const el of list.elements) {
        const text = getStaticString(el);
        if (text !== undefined) out.push(parsePath(text));
      }
    }
  }
  const serializers = model.serializersOption ? getOption(options, model.serializersOption) : undefined;
  if (serializers && ts.isObjectLiteralExpression(serializers)) {
    for (const p of serializers.properties) {
      const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : undefined;
      // pino's stdSerializers.req/res/err keep headers; only project serializers are taken to clean
      if (key && ts.isPropertyAssignment(p) && !/stdSerializers/.test(p.initializer.getText())) out.push([key]);
      else if (key && ts.isMethodDeclaration(p)) out.push([key]);
    }
  }
  return out;
}

/** True when a pattern covers `path` or an object above it (`req.headers` covers `req.headers.authorization`). */
export function isRedacted(patterns: string[][], path: string[]): boolean {
  return patterns.some((p) => p.length > 0 && matchesPrefix(p, path));
}

function matchesPrefix(pattern: string[], path: string[]): boolean {
  if (!pattern.length) return true;
  const [head, ...rest] = pattern;
  // `users[*].password`: our paths have no array indices, so `[*]` may match nothing
  if (head === '[*]') return matchesPrefix(rest, path) || (path.length > 0 && matchesPrefix(rest, path.slice(1)));
  if (!path.length) return false;
  return (head === '*' || head === path[0]) && matchesPrefix(rest, path.slice(1));
}

/** `a.b["c-d"][*].e` → ['a', 'b', 'c-d', '[*]', 'e']. */
function parsePath(text: string): string[] {
  return text
    .replace(/\[\s*\*\s*\]/g, '.[*]')
    .replace(/\[\s*["']([^"']*)["']\s*\]/g, '.$1')
    .split('.')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The call that made a logger: `pino({…})` for `logger.child({…})`, `Fastify({ logger })` for `app.log`. */
function findCreationCall(expr: ts.Expression, model: LoggerModel, project: ProjectIndex, depth: number): ts.CallExpression | ts.NewExpression | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const binding = resolveIdentifier(e);
    if (!binding) return undefined;
    const d = binding.declaration;
    if (ts.isVariableDeclaration(d) && d.initializer && ts.isIdentifier(d.name)) return findCreationCall(d.initializer, model, project, depth + 1);
    if (binding.kind === 'import') {
      const imp = getImportOf(binding);
      const target = imp && project.resolveModule(e.getSourceFile().fileName, imp.module);
      const decl = target && imp ? getExportedDeclaration(project, target, imp.name) : undefined;
      return decl && ts.isExpression(decl as ts.Expression) ? findCreationCall(decl as ts.Expression, model, project, depth + 1) : undefined;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e)) {
    if (e.expression.kind === SyntaxKind.ThisKeyword) {
      const cls = getEnclosingClass(e);
      const member = cls ? findClassMember(cls, e.name.text, false, project) : undefined;
      if (member && ts.isPropertyDeclaration(member) && member.initializer) return findCreationCall(member.initializer, model, project, depth + 1);
      const assigned = cls ? getThisAssignments(cls, e.name.text)[0] : undefined;
      return assigned ? findCreationCall(assigned, model, project, depth + 1) : undefined;
    }
    // app.log, httpLogger.logger: made with the owner
    return findCreationCall(e.expression, model, project, depth + 1);
  }
  if (ts.isCallExpression(e)) {
    const callee = e.expression;
    if (ts.isPropertyAccessExpression(callee) && model.childMethods?.includes(callee.name.text)) return findCreationCall(callee.expression, model, project, depth + 1);
    return e;
  }
  if (ts.isNewExpression(e)) return e;
  return undefined;
}

function getOption(options: ts.ObjectLiteralExpression, path: string[]): ts.Expression | undefined {
  let current: ts.Expression | undefined = options;
  for (const key of path) {
    const obj: ts.ObjectLiteralExpression | undefined = current ? resolveObject(current) : undefined;
    if (!obj) return undefined;
    current = resolveExpression(getObjectProperty(obj, key));
  }
  return current;
}

function resolveExpression(node: ts.Node | undefined): ts.Expression | undefined {
  if (!node) return undefined;
  let e = skipOuter(node as ts.Expression);
  for (let i = 0; i < 5 && ts.isIdentifier(e); i++) {
    const b = resolveIdentifier(e);
    const d = b?.declaration;
    if (!d || !ts.isVariableDeclaration(d) || !d.initializer) return e;
    e = skipOuter(d.initializer);
  }
  return e;
}

function resolveObject(node: ts.Node): ts.ObjectLiteralExpression | undefined {
  const e = resolveExpression(node);
  return e && ts.isObjectLiteralExpression(e) ? e : undefined;
}
