/**
 * What an HTTP request carries: its headers (`authorization`, `cookie`), its cookies, and the body fields its route's
 * validation schema declares (`router.post('/login', validate(LoginSchema), handler)`); NestJS `@Headers()` too.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { classifyName } from './sensitive.js';
import { getSchemaFields, type SensitiveField } from './sensitive-types.js';
import { requestModels } from '../models/requests.js';
import { resolveIdentifier } from './scope.js';

/** Untyped parameter names taken as an HTTP request (`ctx` and `c` are too common elsewhere). */
const REQUEST_NAMES = new Set(['req', 'request']);
/** Members of a request that are its headers: they carry `authorization` and `cookie`. */
const HEADER_MEMBERS = [['headers'], ['header'], ['request', 'headers'], ['request', 'header']];

/** A request parameter's headers (with `authorization` and `cookie`) and the DTO fields of its route's validation schema. */
export function getRequestFields(param: ts.ParameterDeclaration, project: ProjectIndex): SensitiveField[] {
  const out: SensitiveField[] = [];
  const auth = classifyName('authorization')!;
  const cookie = classifyName('cookie')!;
  if (isRequestParameter(param)) {
    for (const members of HEADER_MEMBERS) out.push({ path: [...members, 'authorization'], name: auth }, { path: [...members, 'cookie'], name: cookie });
    out.push({ path: ['cookies'], name: cookie }, { path: ['signedCookies'], name: cookie });
    out.push(...getRouteSchemaFields(param.parent, project));
  }
  // NestJS @Headers() headers
  if (hasDecorator(param, 'Headers', true)) out.push({ path: ['authorization'], name: auth }, { path: ['cookie'], name: cookie });
  return out;
}

/** A NestJS filter's or interceptor's request (`host.switchToHttp().getRequest()`, also through `const ctx = host.switchToHttp()`): its headers. */
export function getRequestVariableFields(decl: ts.VariableDeclaration): SensitiveField[] {
  if (!ts.isIdentifier(decl.name) || !decl.initializer || !isHttpContextRequest(decl.initializer)) return [];
  const auth = classifyName('authorization')!;
  const cookie = classifyName('cookie')!;
  const out: SensitiveField[] = [];
  for (const members of HEADER_MEMBERS) out.push({ path: [...members, 'authorization'], name: auth }, { path: [...members, 'cookie'], name: cookie });
  out.push({ path: ['cookies'], name: cookie }, { path: ['signedCookies'], name: cookie });
  return out;
}

/** `….switchToHttp().getRequest()`, or `ctx.getRequest()` where `ctx` holds `….switchToHttp()`. */
function isHttpContextRequest(expr: ts.Expression): boolean {
  let e = expr;
  while (ts.isAwaitExpression(e) || ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'getRequest') return false;
  return isSwitchToHttp(e.expression.expression);
}

function isSwitchToHttp(expr: ts.Expression): boolean {
  if (ts.isCallExpression(expr)) return ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'switchToHttp';
  if (!ts.isIdentifier(expr)) return false;
  const binding = resolveIdentifier(expr);
  const decl = binding?.declaration;
  return binding?.kind === 'const' && !!decl && ts.isVariableDeclaration(decl) && !!decl.initializer && ts.isCallExpression(decl.initializer) && isSwitchToHttp(decl.initializer);
}

/** An HTTP request by decorator, by a framework's request type, or, untyped, by the name `req`/`request`. */
function isRequestParameter(param: ts.ParameterDeclaration): boolean {
  if (!ts.isIdentifier(param.name)) return false;
  if (hasDecorator(param, 'Req', false) || hasDecorator(param, 'Request', false)) return true;
  const withHeaders = requestModels.filter((m) => m.inputs.some((i) => i[i.length - 1] === 'headers'));
  // `request = 'list'`: a default value makes it something else
  if (param.initializer) return false;
  if (param.type) {
    const typeName = ts.isTypeReferenceNode(param.type) ? (ts.isIdentifier(param.type.typeName) ? param.type.typeName.text : param.type.typeName.right.text) : undefined;
    return typeName !== undefined && withHeaders.some((m) => m.paramTypes.includes(typeName));
  }
  return REQUEST_NAMES.has(param.name.text) && withHeaders.some((m) => m.paramNames.includes((param.name as ts.Identifier).text));
}

function hasDecorator(param: ts.ParameterDeclaration, name: string, withoutArguments: boolean): boolean {
  if (!ts.canHaveDecorators(param)) return false;
  return (ts.getDecorators(param) ?? []).some((d) => {
    const e = d.expression;
    if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== name) return false;
    return !withoutArguments || e.arguments.length === 0;
  });
}

/** `router.post('/login', validate(LoginSchema), (req, res) => …)`: the schema's fields are the body's. */
function getRouteSchemaFields(fn: ts.Node, project: ProjectIndex): SensitiveField[] {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return [];
  const out: SensitiveField[] = [];
  for (const arg of call.arguments) {
    if (arg === fn || !ts.isCallExpression(arg)) continue;
    for (const inner of arg.arguments) out.push(...getSchemaFields(inner, project).map((f) => ({ path: ['body', ...f.path], name: f.name })));
  }
  return out;
}
