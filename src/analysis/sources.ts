/** Client input as a taint source: HTTP request members of every modelled framework, decorated parameters, `process.argv`. */
import { ts } from 'ts-morph';
import { requestModels, decoratorSources } from '../models/requests.js';
import { resolveIdentifier } from './scope.js';
import { getImportOf, getMemberName, packageName } from './values.js';
import type { SourceMatch } from './taint.js';

interface AccessPath {
  root: ts.Identifier;
  members: string[];
  /** True when the expression is a call of the path (`req.get('x')`). */
  called: boolean;
}

/** `req.query.id` → { root: req, members: ['query', 'id'] }; undefined for anything else. */
export function getAccessPath(expr: ts.Expression): AccessPath | undefined {
  let e: ts.Expression = expr;
  let called = false;
  if (ts.isCallExpression(e)) {
    called = true;
    e = e.expression;
  }
  const members: string[] = [];
  for (;;) {
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const name = getMemberName(e);
      members.unshift(name ?? '*');
      e = e.expression;
      continue;
    }
    break;
  }
  return ts.isIdentifier(e) ? { root: e, members, called } : undefined;
}

/** Client input: `req.body.name`, `ctx.request.query`, `c.req.query('q')`, `process.argv[2]`. */
export function getRequestSource(expr: ts.Expression, memberPath: string[] = []): SourceMatch | undefined {
  if (!ts.isPropertyAccessExpression(expr) && !ts.isElementAccessExpression(expr) && !ts.isCallExpression(expr) && !(memberPath.length && ts.isIdentifier(expr))) return undefined;
  const path = getAccessPath(expr);
  if (!path) return undefined;
  const members = [...path.members, ...memberPath];
  const label = memberPath.length ? `${expr.getText()}.${memberPath.join('.')}` : expr.getText();
  if (path.root.text === 'process' && members[0] === 'argv' && !resolveIdentifier(path.root)) return { label: shorten(label), kind: 'argv' };
  const binding = resolveIdentifier(path.root);
  if (!binding || binding.kind !== 'param') return undefined;
  const param = binding.declaration as ts.ParameterDeclaration;
  if (!ts.isIdentifier(param.name)) return undefined;
  const typeName = getTypeName(param.type);
  for (const model of requestModels) {
    const byName = model.paramNames.includes(param.name.text);
    const byType = typeName !== undefined && model.paramTypes.includes(typeName);
    if (!byName && !byType) continue;
    if (path.called && !memberPath.length) {
      if (model.inputMethods.some((m) => sameMembers(m, path.members))) return { label: shorten(label), kind: 'http' };
    }
    const inputMembers = path.called ? path.members.slice(0, -1) : members;
    if (path.called && model.inputMethods.some((m) => startsWith(path.members, m))) return { label: shorten(label), kind: 'http' };
    if (model.inputs.some((input) => startsWith(inputMembers, input))) return { label: shorten(label), kind: 'http' };
  }
  return undefined;
}

/** A controller parameter injected from the request (`@Body() dto`, `@Query('q') q`). */
export function getDecoratedParameterSource(param: ts.ParameterDeclaration): SourceMatch | undefined {
  if (!ts.canHaveDecorators(param)) return undefined;
  for (const dec of ts.getDecorators(param) ?? []) {
    const callee = ts.isCallExpression(dec.expression) ? dec.expression.expression : dec.expression;
    if (!ts.isIdentifier(callee)) continue;
    const binding = resolveIdentifier(callee);
    const imp = binding && getImportOf(binding);
    if (!imp) continue;
    for (const model of decoratorSources) {
      if (model.packages.includes(packageName(imp.module)) && model.decorators.includes(imp.name)) {
        const arg = ts.isCallExpression(dec.expression) ? dec.expression.arguments[0] : undefined;
        const key = arg && ts.isStringLiteralLike(arg) ? `('${arg.text}')` : '()';
        return { label: `@${imp.name}${key} ${param.name.getText()}`, kind: 'http' };
      }
    }
  }
  return undefined;
}

function getTypeName(type: ts.TypeNode | undefined): string | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const n = type.typeName;
  return ts.isIdentifier(n) ? n.text : n.right.text;
}

function startsWith(members: string[], prefix: string[]): boolean {
  return members.length >= prefix.length && prefix.every((p, i) => members[i] === p);
}

function sameMembers(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
