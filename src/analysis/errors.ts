/**
 * Caught errors as a taint source: `catch (err)` bindings, the error parameter of `.catch()`, Node-style callbacks,
 * Express/Fastify error handlers, error events and NestJS exception filters; and what is read from them (`err.stack`,
 * `err.message`, the error object itself). Errors of classes meant for clients (NestJS `HttpException`, a project's
 * `ValidationError`) are told apart so that their messages are not reported.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier, type Binding } from './scope.js';
import { getAccessPath } from './sources.js';
import type { SourceMatch } from './taint.js';
import { getBindingPath, getExportedDeclaration, getImportOf, getValueOrigins, getCallableName, isFunctionNode, packageName, skipOuter, type FunctionNode } from './values.js';
import { isFormatErrorFunction } from './responses.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/**
 * Source kinds: `stack`, `error` (the error object, or a string of it), `message`; `client` for an error or message of a
 * client-error class (not reported), `detail` for members such as `code` or `status` (not reported), and
 * `param:<path>` for `<path>` read from a parameter of a named function (resolved at its callers).
 */
export type ErrorSourceKind = 'stack' | 'error' | 'message' | 'client' | 'detail';

/** A binding that holds a caught error. */
export interface ErrorBinding {
  /** The declaring identifier (catch variable or parameter name). */
  id: ts.Identifier;
  /** How the error reads in a message: 'the caught exception'. */
  describe: string;
  /** The catch clause or the function declaring it. */
  owner: ts.CatchClause | FunctionNode;
  /** Members taken by a destructuring pattern: `catch ({ message })` → ['message']. */
  path: string[];
}

/** Array and iterable callbacks: their first parameter is an element, never a Node-style error. */
const ELEMENT_METHODS = new Set(['map', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'flatMap', 'reduce', 'sort', 'findIndex', 'then']);
/** First-parameter names of Node-style callbacks `(err, data) => …`. */
const CALLBACK_ERROR_NAMES = new Set(['err', 'error', 'er', 'e', 'ex']);
const EVENT_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const ERROR_EVENTS: Record<string, string> = {
  error: 'the error event',
  uncaughtException: 'the uncaught exception',
  uncaughtExceptionMonitor: 'the uncaught exception',
  unhandledRejection: 'the unhandled rejection',
};
/** A pseudo-member: the value read as a string after a check that it is not an Error (no stack in it). */
export const NON_ERROR_MEMBER = '~string';
/** Members that lead to another error: `err.cause.stack`, `err.originalError.message`. */
const NESTED_ERROR_MEMBERS = new Set(['cause', 'originalError', 'innerError', 'original', 'error', 'err', 'parent', 'reason']);
/** Names of classes meant for clients: their messages are written to be shown. */
// an application's own prefix may come before the words that only name errors raised for clients (`DubApiError`,
// `AcmeValidationError`), not before those a library's errors use too (`PrismaClientKnownRequestError`, `AxiosHttpError`)
// nor after a word that says the error comes from another system (`UpstreamApiError`, `InternalApiError`)
const CLIENT_ERROR_NAME = /^(?:(Validation|Http|App|Api|Client|User|BadRequest|NotFound|Unauthori[sz]ed|Forbidden|Conflict|Public|Operational|Input|Domain|Business|Auth|Authentication|Authorization|Permission|RateLimit|TooManyRequests|Unprocessable|Gone|PayloadTooLarge|Zod|Yup|Joi|Celebrate)|(?!Internal|Upstream|External|Remote|Downstream|Provider|Server|Gateway|Service|Database|Db)[A-Z][a-z0-9]+(Api|App|Validation|BadRequest|NotFound|Unauthori[sz]ed|Forbidden|Conflict|Public|Operational|Domain|Business))\w*(Error|Exception)$|^Invalid\w*(Error|Exception)$|^\w*(TooLarge|TooMany|Malformed|AlreadyExists|Duplicate)\w*(Error|Exception)$/;
/** Packages whose error classes are client errors: http-errors' `HttpError` (with `expose`). */
const CLIENT_ERROR_PACKAGES: Record<string, RegExp> = { 'http-errors': /./, '@nestjs/common': /Exception$/, '@hapi/boom': /./, boom: /./, hono: /^HTTPException$/ };
/** Properties that mark an error as meant for the client when set. */
const CLIENT_FLAGS = new Set(['expose', 'isOperational', 'isClientError', 'isPublic', 'isBoom', 'isHttpError', 'validation']);
const STATUS_NAMES = /^(status|statusCode|httpStatus|httpCode|code)$/;
/** Members holding an HTTP status on errors raised for the client. */
const STATUS_MEMBERS = /^(status|statusCode|httpStatus|httpCode|errorCode)$/;

const bindingCache = new WeakMap<ts.Node, ErrorBinding | null>();

/** The caught-error binding an identifier refers to, through `const e = err` aliases; undefined otherwise. */
export function getErrorBinding(id: ts.Identifier, depth = 0): ErrorBinding | undefined {
  const binding = resolveIdentifier(id);
  if (!binding || depth > 4) return undefined;
  const hit = bindingCache.get(binding.id);
  if (hit !== undefined) return hit ?? undefined;
  const found = computeErrorBinding(binding, depth);
  bindingCache.set(binding.id, found ?? null);
  return found;
}

function computeErrorBinding(binding: Binding, depth: number): ErrorBinding | undefined {
  const d = binding.declaration;
  if (binding.kind === 'catch' && ts.isCatchClause(d) && d.variableDeclaration) {
    const path = getBindingPath(d.variableDeclaration.name, binding.id) ?? [];
    return { id: binding.id, describe: 'the caught exception', owner: d, path };
  }
  if (binding.kind === 'param' && ts.isParameter(d) && ts.isIdentifier(d.name) && isFunctionNode(d.parent)) {
    const fn = d.parent;
    const describe = describeErrorParameter(fn, fn.parameters.indexOf(d));
    return describe ? { id: binding.id, describe, owner: fn, path: [] } : undefined;
  }
  // const e = err; const error = err as Error; const e = err instanceof Error ? err : new Error(String(err))
  if ((binding.kind === 'const' || binding.kind === 'let') && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer) {
    let init = skipOuter(d.initializer);
    if (ts.isConditionalExpression(init)) init = skipOuter(init.whenTrue);
    if (ts.isIdentifier(init)) return getErrorBinding(init, depth + 1);
  }
  return undefined;
}

/** Why parameter `index` of `fn` holds an error ('the rejected promise'), or undefined. */
function describeErrorParameter(fn: FunctionNode, index: number): string | undefined {
  const params = fn.parameters;
  const names = params.map((p) => (ts.isIdentifier(p.name) ? p.name.text.replace(/^_+/, '') : ''));
  const types = params.map((p) => typeName(p.type));
  // (err, req, res, next): Express error middleware, wherever it is registered
  if (index === 0 && params.length === 4 && (names[3] === 'next' || types[3] === 'NextFunction') && (['req', 'request'].includes(names[1]) || types[1] === 'Request') && (['res', 'response'].includes(names[2]) || types[2] === 'Response')) {
    return 'the error passed to the Express error handler';
  }
  if (index === 0 && isTypedAs(fn, 'ErrorRequestHandler')) return 'the error passed to the Express error handler';
  // (error, request, reply): Fastify error handler
  if (index === 0 && params.length === 3 && (names[2] === 'reply' || types[2] === 'FastifyReply') && (['err', 'error'].includes(names[0]) || types[0] === 'FastifyError')) {
    return 'the error passed to the Fastify error handler';
  }
  // formatError(formattedError, error) (Apollo Server 4), formatError(error) (Apollo 2/3, express-graphql)
  if (isFormatErrorFunction(fn) && index === Math.min(1, params.length - 1)) return 'the error passed to `formatError`';
  // @Catch() class … implements ExceptionFilter { catch(exception, host) }
  if (index === 0 && ts.isMethodDeclaration(fn) && fn.name.getText() === 'catch' && isExceptionFilter(fn.parent)) {
    const cls = fn.parent as ts.ClassLikeDeclaration;
    return `the exception caught by \`${cls.name?.text ?? 'ExceptionFilter'}\``;
  }
  return describeCallbackErrorParameter(fn, index, names);
}

/** The error parameter of a callback passed to a call: `.catch(err => …)`, `.on('error', err => …)`, `fs.readFile(p, (err, data) => …)`. */
function describeCallbackErrorParameter(fn: FunctionNode, index: number, names: string[]): string | undefined {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn)) return undefined;
  const argIndex = call.arguments.indexOf(fn);
  const callee = call.expression;
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!method) return undefined;
  if (method === 'catch' && argIndex === 0 && index === 0) return 'the rejected promise';
  if (method === 'then' && argIndex === 1 && index === 0) return 'the rejected promise';
  if (method === 'catchError' && index === 0) return 'the error caught by `catchError`';
  if (method === 'setErrorHandler' && index === 0) return 'the error passed to the Fastify error handler';
  // app.onError((err, c) => …)
  if (method === 'onError' && argIndex === 0 && index === 0 && fn.parameters.length === 2) return 'the error passed to the Hono error handler';
  const event = call.arguments[0] && ts.isStringLiteralLike(call.arguments[0]) ? call.arguments[0].text : undefined;
  if (EVENT_METHODS.has(method) && argIndex === 1 && index === 0 && event && ERROR_EVENTS[event]) return ERROR_EVENTS[event];
  // fastify.addHook('onError', async (request, reply, error) => …)
  if (method === 'addHook' && event === 'onError' && index === 2) return 'the error passed to the Fastify onError hook';
  if (index !== 0 || ELEMENT_METHODS.has(method) || EVENT_METHODS.has(method)) return undefined;
  // a Node-style callback: the last argument, first parameter named like an error
  const last = argIndex === call.arguments.length - 1;
  if (last && CALLBACK_ERROR_NAMES.has(names[0]) && (names[0].length > 1 || fn.parameters.length >= 2)) return 'the callback error';
  return undefined;
}

function isTypedAs(fn: FunctionNode, name: string): boolean {
  const parent = fn.parent;
  return ts.isVariableDeclaration(parent) && typeName(parent.type) === name;
}

function typeName(type: ts.TypeNode | undefined): string | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const n = type.typeName;
  return ts.isIdentifier(n) ? n.text : n.right.text;
}

/** A class decorated `@Catch(…)` or implementing `ExceptionFilter` / `GqlExceptionFilter`. */
function isExceptionFilter(node: ts.Node): boolean {
  if (!ts.isClassLike(node)) return false;
  const decorated = (ts.getDecorators(node) ?? []).some((d) => decoratorName(d) === 'Catch');
  const implementsFilter = (node.heritageClauses ?? []).some((h) => h.token === SyntaxKind.ImplementsKeyword && h.types.some((t) => /ExceptionFilter$/.test(t.expression.getText())));
  return decorated || implementsFilter;
}

function decoratorName(d: ts.Decorator): string | undefined {
  const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
}

/** What a member path read from an error is: `['stack']` → stack, `['cause', 'message']` → message, `['code']` → detail. */
export function classifyErrorMembers(members: string[]): ErrorSourceKind {
  if (members.includes(NON_ERROR_MEMBER)) return 'message';
  let i = 0;
  while (i < members.length && NESTED_ERROR_MEMBERS.has(members[i])) i++;
  const rest = members.slice(i);
  if (rest.length === 0) return 'error';
  // Apollo's `extensions.exception.stacktrace`
  if (rest[0] === 'stack' || rest.includes('stacktrace')) return 'stack';
  if (rest[0] === 'message') return 'message';
  return 'detail';
}

/** The taint source at `expr` (with `memberPath` read from it through destructuring or a property chain), if any. */
export function getErrorSource(expr: ts.Expression, project: ProjectIndex, memberPath: string[] = []): SourceMatch | undefined {
  if (!ts.isIdentifier(expr) && !ts.isPropertyAccessExpression(expr) && !ts.isElementAccessExpression(expr) && !ts.isAsExpression(expr) && !ts.isParenthesizedExpression(expr) && !ts.isNonNullExpression(expr)) return undefined;
  const access = getAccessPath(expr);
  if (!access || access.called) return undefined;
  const members = [...access.members, ...memberPath];
  const label = shorten(members.includes('*') ? expr.getText() : [access.root.text, ...members].join('.'));
  const binding = getErrorBinding(access.root);
  if (binding) {
    let kind = classifyErrorMembers([...binding.path, ...members]);
    if ((kind === 'error' || kind === 'message') && isClientError(expr, binding, project)) return { label, kind: 'client' };
    if (kind === 'error' && isNarrowedToNonError(expr, access.root, binding.owner)) kind = 'message';
    return { label, kind };
  }
  // `err.stack` of a helper's parameter: decided at its callers
  const param = getNamedFunctionParameter(access.root);
  if (!param || members.includes('*')) return undefined;
  // `if (error instanceof ApiError) return { message: error.message }` in the helper: a client error whatever the callers pass
  const paramBinding = resolveIdentifier(access.root);
  if (members.length && paramBinding && isFunctionNode(param.parent) && isNarrowedToClientError(expr, { id: paramBinding.id, describe: '', owner: param.parent, path: [] }, project)) {
    return { label, kind: 'client' };
  }
  if (members.length) return { label, kind: `param:${members.join('.')}` };
  // String(error) after `if (error instanceof Error) return error.message`: at most a message
  if (isNarrowedToNonError(expr, access.root, param.parent)) return { label, kind: `param:${NON_ERROR_MEMBER}` };
  return undefined;
}

/** A parameter of a function callers reach by name (not a callback, whose parameters the core follows), destructured or not. */
function getNamedFunctionParameter(id: ts.Identifier): ts.ParameterDeclaration | undefined {
  const b = resolveIdentifier(id);
  if (!b || b.kind !== 'param' || !ts.isParameter(b.declaration)) return undefined;
  const fn = b.declaration.parent;
  return isFunctionNode(fn) && getCallableName(fn) !== undefined && !ts.isCallExpression(fn.parent) ? b.declaration : undefined;
}

/** The caught-error binding under a source expression (`err` of `err.stack`, `(e as Error).message`). */
export function getErrorBindingOf(expr: ts.Node): ErrorBinding | undefined {
  if (!ts.isExpression(expr as ts.Expression)) return undefined;
  const access = getAccessPath(expr as ts.Expression);
  return access ? getErrorBinding(access.root) : undefined;
}

/** Functions that turn an error into a string or a plain object with all of it, stack included. */
const WHOLE_ERROR_FUNCTIONS: Record<string, string> = { inspect: 'util', serializeError: 'serialize-error' };

/** `util.inspect(err)`, `inspect(err)` from 'util', serialize-error's `serializeError(err)`: the whole error, stack included. */
export function getInspectedValue(call: ts.CallExpression, project: ProjectIndex): ts.Expression | undefined {
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  const module = name ? WHOLE_ERROR_FUNCTIONS[name] : undefined;
  if (!module || !call.arguments[0]) return undefined;
  const fromModule = getValueOrigins(callee, project).some((o) => o.kind === 'module' && (o.module === module || o.module === `node:${module}`));
  return fromModule ? call.arguments[0] : undefined;
}

/**
 * True when the error at `expr` is one meant for the client: the binding is typed or caught as a client-error class,
 * the try block only throws client errors, or `expr` sits under a check such as `err instanceof ValidationError`.
 */
export function isClientError(expr: ts.Node, binding: ErrorBinding, project: ProjectIndex): boolean {
  const declaration = binding.id.parent;
  if (ts.isParameter(declaration) && declaration.type && isClientErrorType(declaration.type, project)) return true;
  const owner = binding.owner;
  if (ts.isMethodDeclaration(owner) && catchesOnlyClientErrors(owner.parent, project)) return true;
  if (ts.isCatchClause(owner) && (throwsOnlyClientErrors(owner.parent.tryBlock, project) || verifiesSignatureOnly(owner.parent.tryBlock))) return true;
  return isNarrowedToClientError(expr, binding, project);
}

/** Webhook signature checks whose errors answer the sender (`stripe.webhooks.constructEvent`, svix's `wh.verify`). */
const SIGNATURE_CHECK = /^(?:constructEvent|constructEventAsync|verifyHeader|verifyWebhook|verifyWebhookSignature|verifySignature)$/;

/**
 * A try block that only checks a webhook's signature (Stripe's documented `try { event = stripe.webhooks.constructEvent(…) }
 * catch (err) { res.status(400).send(\`Webhook Error: ${err.message}\`) }`): the error says the signature is wrong.
 */
function verifiesSignatureOnly(block: ts.Block): boolean {
  return block.statements.length > 0 && block.statements.length <= 2 && block.statements.every((st) => {
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found || isFunctionNode(n)) return;
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && SIGNATURE_CHECK.test(n.expression.name.text)) found = true;
      ts.forEachChild(n, visit);
    };
    visit(st);
    return found;
  });
}

function isClientErrorType(type: ts.TypeNode, project: ProjectIndex): boolean {
  if (ts.isUnionTypeNode(type)) return type.types.every((t) => isClientErrorType(t, project));
  if (!ts.isTypeReferenceNode(type)) return false;
  const name = type.typeName;
  return isClientErrorClass(ts.isIdentifier(name) ? name : name.right, project);
}

/** `@Catch(HttpException, ValidationError)`: every caught class is a client error. */
function catchesOnlyClientErrors(cls: ts.Node, project: ProjectIndex): boolean {
  if (!ts.isClassLike(cls)) return false;
  for (const d of ts.getDecorators(cls) ?? []) {
    if (decoratorName(d) !== 'Catch' || !ts.isCallExpression(d.expression)) continue;
    const args = d.expression.arguments;
    return args.length > 0 && args.every((a) => isClientErrorClass(a, project));
  }
  return false;
}

/** A try block with at least one `throw`, each of a client-error class (`throw new NotFoundError(…)`). */
function throwsOnlyClientErrors(block: ts.Block, project: ProjectIndex): boolean {
  const thrown: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node) || ts.isClassLike(node)) return;
    // throws inside a nested try are caught there
    if (ts.isTryStatement(node) && node.catchClause) {
      visit(node.catchClause.block);
      if (node.finallyBlock) visit(node.finallyBlock);
      return;
    }
    if (ts.isThrowStatement(node) && node.expression) thrown.push(skipOuter(node.expression));
    ts.forEachChild(node, visit);
  };
  visit(block);
  return thrown.length > 0 && thrown.every((e) => isClientErrorConstruction(e, project));
}

/** `new ValidationError(…)`, `createError(400, …)` (http-errors), `Boom.badRequest(…)`. */
function isClientErrorConstruction(e: ts.Expression, project: ProjectIndex): boolean {
  if (ts.isNewExpression(e)) return isClientErrorClass(e.expression, project);
  if (ts.isCallExpression(e)) {
    return getValueOrigins(e.expression, project).some((o) => o.kind === 'module' && packageName(o.module) in CLIENT_ERROR_PACKAGES && o.module !== '@nestjs/common');
  }
  return false;
}

/** True for a class meant for clients: NestJS HTTP exceptions, http-errors, or a project class named like one or with an explicit status. */
export function isClientErrorClass(expr: ts.Expression, project: ProjectIndex, depth = 0): boolean {
  const e = skipOuter(expr);
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  if (!name || depth > 6) return false;
  if (CLIENT_ERROR_NAME.test(name)) return true;
  const root = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) ? e.expression : undefined;
  const binding = root && resolveIdentifier(root);
  const imp = binding && binding.kind === 'import' ? getImportOf(binding) : undefined;
  if (imp && !project.resolveModule(e.getSourceFile().fileName, imp.module)) {
    const pattern = CLIENT_ERROR_PACKAGES[packageName(imp.module)];
    return !!pattern && pattern.test(ts.isIdentifier(e) ? imp.name : name);
  }
  for (const o of getValueOrigins(e, project)) {
    if (o.kind === 'class' && isClientClassDeclaration(o.cls, project, depth)) return true;
  }
  return false;
}

/** A project error class with an explicit status (`status = 404`, `readonly statusCode: number`) or a client-error base class. */
function isClientClassDeclaration(cls: ts.ClassLikeDeclaration, project: ProjectIndex, depth: number): boolean {
  if (cls.name && CLIENT_ERROR_NAME.test(cls.name.text)) return true;
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && STATUS_NAMES.test(m.name.getText()) && m.name.getText() !== 'code') return true;
    if (ts.isConstructorDeclaration(m)) {
      if (m.parameters.some((p) => ts.canHaveModifiers(p) && (ts.getModifiers(p) ?? []).length > 0 && /^(status|statusCode|httpStatus)$/.test(p.name.getText()))) return true;
      if (m.body && /this\.(status|statusCode|httpStatus)\s*=/.test(m.body.getText())) return true;
    }
  }
  const base = cls.heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  return !!base && isClientErrorClass(base, project, depth + 1);
}

/** A test on a condition: 'yes' when it holds only if the property does, 'no' when only if it does not. */
type ConditionTest = (cond: ts.Expression) => 'yes' | 'no' | undefined;

/**
 * True when `expr` only runs where `test` says yes: under `if (yes)`, in `yes ? expr : …`, after `yes && …`, in the
 * else branch of a no, or after `if (no) return …`. Stops at the binding's owner.
 */
function isNarrowed(expr: ts.Node, owner: ts.Node, test: ConditionTest): boolean {
  let child: ts.Node = expr;
  let node: ts.Node | undefined = expr.parent;
  while (node && node !== owner && !ts.isSourceFile(node)) {
    if (ts.isIfStatement(node) && node.expression !== child) {
      const t = test(node.expression);
      if ((child === node.thenStatement && t === 'yes') || (child === node.elseStatement && t === 'no')) return true;
    } else if (ts.isConditionalExpression(node) && node.condition !== child) {
      const t = test(node.condition);
      if ((child === node.whenTrue && t === 'yes') || (child === node.whenFalse && t === 'no')) return true;
    } else if (ts.isBinaryExpression(node) && node.right === child) {
      const op = node.operatorToken.kind;
      if (op === SyntaxKind.AmpersandAmpersandToken && test(node.left) === 'yes') return true;
      if (op === SyntaxKind.BarBarToken && test(node.left) === 'no') return true;
    } else if (ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      // if (!(err instanceof AppError)) { …; return; }  …use…
      for (const st of node.statements) {
        if (st === child) break;
        if (ts.isIfStatement(st) && !st.elseStatement && alwaysExits(st.thenStatement) && test(st.expression) === 'no') return true;
      }
    }
    child = node;
    node = node.parent;
  }
  return false;
}

function isNarrowedToClientError(expr: ts.Node, binding: ErrorBinding, project: ProjectIndex): boolean {
  return isNarrowed(expr, binding.owner, (cond) => {
    const t = getClientErrorTest(cond, binding, project);
    return t === 'client' ? 'yes' : t === 'server' ? 'no' : undefined;
  });
}

/** `String(err)` in `err instanceof Error ? err.message : String(err)`: a thrown non-Error value, no stack. */
function isNarrowedToNonError(expr: ts.Node, root: ts.Identifier, owner: ts.Node): boolean {
  const same = (e: ts.Expression) => {
    const access = getAccessPath(skipOuter(e));
    return !!access && access.members.length === 0 && access.root.text === root.text && resolveIdentifier(access.root)?.id === resolveIdentifier(root)?.id;
  };
  const test: ConditionTest = (cond) => {
    const e = skipOuter(cond);
    if (ts.isPrefixUnaryExpression(e) && e.operator === SyntaxKind.ExclamationToken) {
      const inner = test(e.operand);
      return inner === 'yes' ? 'no' : inner === 'no' ? 'yes' : undefined;
    }
    if (!ts.isBinaryExpression(e)) return undefined;
    if (e.operatorToken.kind === SyntaxKind.InstanceOfKeyword && ts.isIdentifier(e.right) && e.right.text === 'Error' && same(e.left)) return 'no';
    // typeof err === 'string'
    if ((e.operatorToken.kind === SyntaxKind.EqualsEqualsEqualsToken || e.operatorToken.kind === SyntaxKind.EqualsEqualsToken) && ts.isTypeOfExpression(e.left) && same(e.left.expression) && ts.isStringLiteralLike(e.right) && e.right.text === 'string') return 'yes';
    return undefined;
  };
  return isNarrowed(expr, owner, test);
}

/** 'client' when the condition holds only for client errors, 'server' when only for the others. */
export function getClientErrorTest(cond: ts.Expression, binding: ErrorBinding, project: ProjectIndex): 'client' | 'server' | undefined {
  const e = skipOuter(cond);
  const flip = (t: 'client' | 'server' | undefined) => (t === 'client' ? 'server' : t === 'server' ? 'client' : undefined);
  if (ts.isPrefixUnaryExpression(e) && e.operator === SyntaxKind.ExclamationToken) return flip(getClientErrorTest(e.operand, binding, project));
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === SyntaxKind.InstanceOfKeyword) return isSameError(e.left, binding) && isClientErrorClass(e.right, project) ? 'client' : undefined;
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
      const l = getClientErrorTest(e.left, binding, project);
      const r = getClientErrorTest(e.right, binding, project);
      const and = op === SyntaxKind.AmpersandAmpersandToken;
      if (l === r) return l;
      // a && b holds only for client errors when either does; a || b only when both do
      if (and && (l === 'client' || r === 'client')) return 'client';
      if (!and && (l === 'server' || r === 'server')) return 'server';
      return undefined;
    }
    return getStatusTest(e);
  }
  // err.expose, err.isOperational; err.statusCode: an error carrying its own HTTP status was raised for the client
  if (ts.isPropertyAccessExpression(e) && (CLIENT_FLAGS.has(e.name.text) || STATUS_MEMBERS.test(e.name.text)) && isSameError(e.expression, binding)) return 'client';
  // isHttpError(err), createError.isHttpError(err)
  if (ts.isCallExpression(e)) {
    // err.message.startsWith('Content cannot be'): a message the code knows, written for the client
    if (isKnownMessageTest(e, binding)) return 'client';
    const callee = e.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (/^is(Http|Client|App|Api|Validation|Operational|Boom|Public|Trusted)(Error|Exception)?$/.test(name) && e.arguments[0] && isSameError(e.arguments[0], binding)) return 'client';
  }
  return undefined;
}

/** `err.message.startsWith('…')`, `.includes('…')`, `.endsWith('…')`, `/…/.test(err.message)` with a literal: the code recognises the message. */
function isKnownMessageTest(call: ts.CallExpression, binding: ErrorBinding): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const isMessageOfError = (x: ts.Expression | undefined) => {
    const m = x && skipOuter(x);
    return !!m && ts.isPropertyAccessExpression(m) && m.name.text === 'message' && isSameError(m.expression, binding);
  };
  const literal = call.arguments[0] && ts.isStringLiteralLike(call.arguments[0]) && call.arguments[0].text.length >= 3;
  if (['startsWith', 'includes', 'endsWith'].includes(callee.name.text)) return literal && isMessageOfError(callee.expression);
  return callee.name.text === 'test' && ts.isRegularExpressionLiteral(skipOuter(callee.expression)) && isMessageOfError(call.arguments[0]);
}

/** `err.status < 500`, `statusCode >= 500`, `err.name === 'ValidationError'`. */
function getStatusTest(e: ts.BinaryExpression): 'client' | 'server' | undefined {
  const op = e.operatorToken.kind;
  const left = skipOuter(e.left);
  const right = skipOuter(e.right);
  const memberName = ts.isPropertyAccessExpression(left) ? left.name.text : ts.isIdentifier(left) ? left.text : '';
  // err.message === 'Card declined': a message the code knows
  if (memberName === 'message' && ts.isStringLiteralLike(right) && right.text.length >= 3) {
    if (op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken) return 'client';
    if (op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken) return 'server';
  }
  if (memberName === 'name' && ts.isStringLiteralLike(right)) {
    const equal = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
    const unequal = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
    if (!CLIENT_ERROR_NAME.test(right.text)) return undefined;
    return equal ? 'client' : unequal ? 'server' : undefined;
  }
  // err.code === 'P2025', err.code === 'USER_NOT_FOUND': a known error the code maps on purpose (not a system error,
  // whose message names files and hosts: ENOENT, ECONNREFUSED; nor a MySQL ER_… one, whose message quotes the row)
  if (memberName === 'code' && ts.isStringLiteralLike(right) && !/^(?:E[A-Z0-9]+|ER_\w+)$/.test(right.text)) {
    const equal = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
    const unequal = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
    return equal ? 'client' : unequal ? 'server' : undefined;
  }
  if (!/^(status|statusCode|httpStatus|httpCode|code)$/.test(memberName) || !ts.isNumericLiteral(right)) return undefined;
  const n = Number(right.text);
  switch (op) {
    case SyntaxKind.LessThanToken:
      return n <= 500 ? 'client' : undefined;
    case SyntaxKind.LessThanEqualsToken:
      return n < 500 ? 'client' : undefined;
    case SyntaxKind.GreaterThanEqualsToken:
      return n >= 500 ? 'server' : undefined;
    case SyntaxKind.GreaterThanToken:
      return n >= 499 ? 'server' : undefined;
    case SyntaxKind.EqualsEqualsEqualsToken:
    case SyntaxKind.EqualsEqualsToken:
      return n >= 400 && n < 500 ? 'client' : n >= 500 ? 'server' : undefined;
    default:
      return undefined;
  }
}

function isSameError(expr: ts.Expression, binding: ErrorBinding): boolean {
  const access = getAccessPath(skipOuter(expr));
  // a caught error's binding, or the parameter a helper receives it through
  return !!access && access.members.length === 0 && (getErrorBinding(access.root)?.id ?? resolveIdentifier(access.root)?.id) === binding.id;
}

/** A statement that always leaves the block: return, throw, or a block ending in one. */
export function alwaysExits(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isContinueStatement(s) || ts.isBreakStatement(s)) return true;
  if (ts.isBlock(s)) return s.statements.length > 0 && alwaysExits(s.statements[s.statements.length - 1]);
  return false;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
