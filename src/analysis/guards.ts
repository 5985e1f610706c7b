/**
 * Development-only code: statements and expressions that run only outside production, under
 * `if (process.env.NODE_ENV !== 'production')`, `app.get('env') === 'development'`, `isDev ? … : …` or after
 * `if (isProd) return`. Flags defined in another module (`export const isDev = …`, `config.isDev`) are followed.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier, type Binding } from './scope.js';
import { getAssignedValues, getExportedDeclaration, getImportOf, getObjectProperty, getReturnedExpressions, getValueOrigins, resolveCallee, skipOuter } from './values.js';
import { alwaysExits, getClientErrorTest, getErrorBinding, getErrorBindingOf, type ErrorBinding } from './errors.js';
import type { TaintOrigin } from './taint.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** What a condition says about the environment when it holds. */
export type EnvTest = 'dev' | 'prod';

const DEV_VALUES = new Set(['development', 'dev', 'develop', 'test', 'testing', 'local', 'debug']);
const PROD_VALUES = new Set(['production', 'prod', 'staging', 'live']);
/** Environment variables naming the deployment environment. */
const ENV_VARIABLES = new Set(['NODE_ENV', 'APP_ENV', 'ENV', 'ENVIRONMENT', 'STAGE', 'DEPLOY_ENV', 'RUNTIME_ENV']);
/** Flags named for development: `isDev`, `DEBUG`, `config.debug`, `showStackTraces`. */
const DEV_NAME = /^(is|in|use|show|enable|enabled|allow|expose)?_?(dev|development|debug|debugging|local|test|testing|non_?prod(uction)?|not_?prod(uction)?|stack_?traces?|stacks?|verbose_?errors?|error_?details?)(_?(mode|env|environment|build|enabled|on))?$/i;
const PROD_NAME = /^(is|in)?_?(prod|production|live|staging)(_?(mode|env|environment|build))?$/i;
const MAX_DEPTH = 6;

/** True when `node` only runs (or only is evaluated) in a development environment. */
export function isDevelopmentOnly(node: ts.Node, project: ProjectIndex): boolean {
  let child: ts.Node = node;
  let parent: ts.Node | undefined = node.parent;
  while (parent && !ts.isSourceFile(child)) {
    if (isGuardedBy(parent, child, project)) return true;
    child = parent;
    parent = parent.parent;
  }
  return false;
}

function isGuardedBy(parent: ts.Node, child: ts.Node, project: ProjectIndex): boolean {
  const test = (e: ts.Expression) => getEnvTest(e, project, 0);
  // if (isDev) { …child… } else { … }
  if (ts.isIfStatement(parent) && parent.expression !== child) {
    const t = test(parent.expression);
    return (child === parent.thenStatement && t === 'dev') || (child === parent.elseStatement && t === 'prod');
  }
  // isDev ? err.stack : undefined
  if (ts.isConditionalExpression(parent) && parent.condition !== child) {
    const t = test(parent.condition);
    return (child === parent.whenTrue && t === 'dev') || (child === parent.whenFalse && t === 'prod');
  }
  // isDev && { stack: err.stack }
  if (ts.isBinaryExpression(parent) && parent.right === child) {
    const op = parent.operatorToken.kind;
    if (op === SyntaxKind.AmpersandAmpersandToken) return test(parent.left) === 'dev';
    if (op === SyntaxKind.BarBarToken) return test(parent.left) === 'prod';
    return false;
  }
  // if (isProduction) return res.status(500).json({ error: 'Internal error' });  …child…
  if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
    for (const s of parent.statements) {
      if (s === child) break;
      if (ts.isIfStatement(s) && !s.elseStatement && alwaysExits(s.thenStatement) && test(s.expression) === 'prod') return true;
    }
  }
  // switch (process.env.NODE_ENV) { case 'development': …child… }
  if (ts.isCaseClause(parent) && parent.parent.parent && ts.isSwitchStatement(parent.parent.parent) && isEnvReader(parent.parent.parent.expression, project, 0)) {
    const value = ts.isStringLiteralLike(parent.expression) ? parent.expression.text : undefined;
    return !!value && DEV_VALUES.has(value);
  }
  return false;
}

/** 'dev' when the condition holds only in development, 'prod' when only outside it; undefined when it says nothing. */
export function getEnvTest(cond: ts.Expression, project: ProjectIndex, depth: number): EnvTest | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(cond);
  if (ts.isPrefixUnaryExpression(e) && e.operator === SyntaxKind.ExclamationToken) return flip(getEnvTest(e.operand, project, depth + 1));
  if (ts.isBinaryExpression(e)) return getBinaryEnvTest(e, project, depth);
  // ['development', 'test'].includes(process.env.NODE_ENV)
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'includes' && ts.isArrayLiteralExpression(e.expression.expression)) {
    const values = e.expression.expression.elements.map((x) => (ts.isStringLiteralLike(x) ? x.text : ''));
    if (e.arguments[0] && isEnvReader(e.arguments[0], project, depth + 1) && values.length && values.every((v) => DEV_VALUES.has(v))) return 'dev';
    return undefined;
  }
  // process.env.DEBUG, import.meta.env.DEV
  if (ts.isPropertyAccessExpression(e) && /^(process\.env|import\.meta\.env)$/.test(e.expression.getText())) return testName(e.name.text);
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isCallExpression(e)) return getFlagEnvTest(e, project, depth);
  return undefined;
}

function getBinaryEnvTest(e: ts.BinaryExpression, project: ProjectIndex, depth: number): EnvTest | undefined {
  const op = e.operatorToken.kind;
  if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
    const l = getEnvTest(e.left, project, depth + 1);
    const r = getEnvTest(e.right, project, depth + 1);
    if (l === r) return l;
    // a && b holds only in development when either does; a || b only when both do
    if (op === SyntaxKind.AmpersandAmpersandToken && (l === undefined || r === undefined)) return l ?? r;
    return undefined;
  }
  const equal = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
  const unequal = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
  if (!equal && !unequal) return undefined;
  const [literal, other] = ts.isStringLiteralLike(e.right) ? [e.right, e.left] : ts.isStringLiteralLike(e.left) ? [e.left, e.right] : [undefined, undefined];
  if (!literal || !other || !isEnvReader(other, project, depth + 1)) return undefined;
  const value = literal.text.toLowerCase();
  const named: EnvTest | undefined = DEV_VALUES.has(value) ? 'dev' : PROD_VALUES.has(value) ? 'prod' : undefined;
  if (!named) return undefined;
  if (equal) return named;
  // NODE_ENV !== 'production' holds in development; NODE_ENV !== 'development' says nothing certain about production
  return named === 'prod' ? 'dev' : 'prod';
}

/** A flag: `isDev`, `config.isProduction`, `isDevelopment()`, resolved to its definition (also in another module) or read by name. */
function getFlagEnvTest(e: ts.Identifier | ts.PropertyAccessExpression | ts.CallExpression, project: ProjectIndex, depth: number): EnvTest | undefined {
  const defined = getFlagDefinitions(e, project, depth);
  for (const d of defined) {
    const t = getEnvTest(d, project, depth + 1);
    if (t) return t;
  }
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e.expression) ? e.expression.text : ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : '';
  if (name === '__DEV__') return 'dev';
  return testName(name);
}

/** The expressions a flag is defined by: a constant's initializer, an export of another module, a property of a config object, a function's returns. */
function getFlagDefinitions(e: ts.Identifier | ts.PropertyAccessExpression | ts.CallExpression, project: ProjectIndex, depth: number): ts.Expression[] {
  if (ts.isCallExpression(e)) return resolveCallee(e, project).flatMap((fn) => getReturnedExpressions(fn));
  if (ts.isPropertyAccessExpression(e)) {
    const out: ts.Expression[] = [];
    for (const o of getValueOrigins(e.expression, project)) {
      const prop = o.kind === 'object' ? getObjectProperty(o.obj, e.name.text) : undefined;
      if (prop && ts.isExpression(prop as ts.Expression)) out.push(prop as ts.Expression);
    }
    return out;
  }
  const binding = resolveIdentifier(e);
  if (!binding) return [];
  const d = binding.declaration;
  if (ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer) return [d.initializer];
  if (binding.kind === 'import') {
    const imp = getImportOf(binding);
    const target = imp && project.resolveModule(e.getSourceFile().fileName, imp.module);
    const decl = target && imp.name !== '*' ? getExportedDeclaration(project, target, imp.name, depth) : undefined;
    if (decl && ts.isExpression(decl as ts.Expression)) return [decl as ts.Expression];
  }
  return [];
}

/** `process.env.NODE_ENV`, `app.get('env')`, `config.env`, or a constant holding one (`const env = process.env.NODE_ENV || 'development'`). */
function isEnvReader(expr: ts.Expression, project: ProjectIndex, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const e = skipOuter(expr);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const name = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : '';
    const objText = e.expression.getText();
    if (/^(process\.env|import\.meta\.env)$/.test(objText)) return ENV_VARIABLES.has(name) || name === 'MODE';
    // app.settings.env, config.env, config.nodeEnv
    if (/^(env|nodeEnv|NODE_ENV|environment)$/.test(name)) return true;
  }
  // app.get('env'), req.app.get('env'), config.get('env')
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'get' && e.arguments.length === 1) {
    const arg = e.arguments[0];
    return ts.isStringLiteralLike(arg) && /^(env|NODE_ENV|nodeEnv|environment)$/.test(arg.text);
  }
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === SyntaxKind.BarBarToken || e.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) return isEnvReader(e.left, project, depth + 1);
  if (ts.isIdentifier(e)) {
    const binding = resolveIdentifier(e);
    const d = binding?.declaration;
    // const { NODE_ENV } = process.env
    if (d && ts.isVariableDeclaration(d) && !ts.isIdentifier(d.name) && d.initializer && /^process\.env$/.test(d.initializer.getText())) return ENV_VARIABLES.has(e.text);
    if (d && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer) return isEnvReader(d.initializer, project, depth + 1);
    return /^(env|nodeEnv|NODE_ENV|environment)$/.test(e.text);
  }
  return false;
}

function testName(name: string): EnvTest | undefined {
  if (DEV_NAME.test(name)) return 'dev';
  if (PROD_NAME.test(name)) return 'prod';
  return undefined;
}

function flip(t: EnvTest | undefined): EnvTest | undefined {
  return t === 'dev' ? 'prod' : t === 'prod' ? 'dev' : undefined;
}

/**
 * True when a variable on the flow is overwritten with a value free of the error wherever the flow would be unsafe:
 * `let { message } = err; if (env === 'production' && !err.isOperational) message = 'Internal error';` before `sinkNode`.
 * Then the original value only reaches the sink in development or for errors meant for clients.
 */
export function isOverwrittenWhenUnsafe(origin: TaintOrigin, sinkNode: ts.Node, project: ProjectIndex): boolean {
  const binding = getErrorBindingOf(origin.node);
  for (const step of origin.steps) {
    const name = /^`([\w$]+)` is assigned$/.exec(step.label)?.[1];
    const declared = name ? findIdentifier(step.node, name) : undefined;
    const variable = declared && resolveIdentifier(declared);
    // `const response = { …, stack: err.stack }; if (env !== 'development') delete response.stack;`
    if (variable && isFieldRemovedWhenUnsafe(variable, origin.node, sinkNode, binding, project)) return true;
    if (!variable || (variable.kind !== 'let' && variable.kind !== 'var')) continue;
    for (const value of getAssignedValues(variable)) {
      if (value.pos < step.node.end || value.end > sinkNode.pos || mentionsError(value)) continue;
      const condition = getGuardingCondition(value);
      if (condition && holdsOnlyWhenUnsafe(condition, binding, project, 0)) return true;
    }
  }
  return false;
}

/**
 * True when the field the source was put under in the variable's object literal is deleted (or set to `undefined`)
 * between the declaration and the sink, under a condition that holds only outside development or for unexpected errors.
 */
function isFieldRemovedWhenUnsafe(variable: Binding, source: ts.Node, sinkNode: ts.Node, binding: ErrorBinding | undefined, project: ProjectIndex): boolean {
  let n: ts.Node = source;
  while (n.parent && !ts.isPropertyAssignment(n.parent) && !ts.isShorthandPropertyAssignment(n.parent) && (ts.isPropertyAccessExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isNonNullExpression(n.parent))) n = n.parent;
  const prop = n.parent;
  if (!prop || !(ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) || !ts.isIdentifier(prop.name)) return false;
  const decl = variable.declaration;
  if (!ts.isVariableDeclaration(decl) || !decl.initializer || skipOuter(decl.initializer) !== prop.parent) return false;
  const field = prop.name.text;
  const scope = decl.parent?.parent?.parent;
  if (!scope) return false;
  let removed = false;
  const visit = (node: ts.Node): void => {
    if (removed || node.pos < decl.end || node.end > sinkNode.pos) {
      if (node.pos < sinkNode.pos && node.end > decl.end) ts.forEachChild(node, visit);
      return;
    }
    const target = ts.isDeleteExpression(node) ? node.expression : ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && node.right.kind === SyntaxKind.Identifier && (node.right as ts.Identifier).text === 'undefined' ? node.left : undefined;
    if (target && ts.isPropertyAccessExpression(target) && target.name.text === field && ts.isIdentifier(target.expression) && resolveIdentifier(target.expression)?.id === variable.id) {
      const condition = getGuardingCondition(ts.isDeleteExpression(node) ? node.expression : (node as ts.BinaryExpression).right);
      if (condition && holdsOnlyWhenUnsafe(condition, binding, project, 0)) removed = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return removed;
}

/** The condition of the `if` whose then-branch is the assignment statement holding `value`. */
function getGuardingCondition(value: ts.Expression): ts.Expression | undefined {
  const statement = value.parent?.parent;
  if (!statement || !ts.isExpressionStatement(statement)) return undefined;
  const holder = ts.isBlock(statement.parent) ? statement.parent.parent : statement.parent;
  const branch = ts.isBlock(statement.parent) ? statement.parent : statement;
  return holder && ts.isIfStatement(holder) && holder.thenStatement === branch ? holder.expression : undefined;
}

/** True when the condition fails only in development or for client errors: `isProd`, `!err.isOperational`, or a conjunction of them. */
function holdsOnlyWhenUnsafe(cond: ts.Expression, binding: ErrorBinding | undefined, project: ProjectIndex, depth: number): boolean {
  const e = skipOuter(cond);
  if (depth > MAX_DEPTH) return false;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken) {
    return holdsOnlyWhenUnsafe(e.left, binding, project, depth + 1) && holdsOnlyWhenUnsafe(e.right, binding, project, depth + 1);
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.BarBarToken) {
    return holdsOnlyWhenUnsafe(e.left, binding, project, depth + 1) || holdsOnlyWhenUnsafe(e.right, binding, project, depth + 1);
  }
  if (getEnvTest(e, project, 0) === 'prod') return true;
  return !!binding && getClientErrorTest(e, binding, project) === 'server';
}

function findIdentifier(node: ts.Node, name: string): ts.Identifier | undefined {
  if (ts.isIdentifier(node)) return node.text === name ? node : undefined;
  return ts.forEachChild(node, (c) => findIdentifier(c, name));
}

/** True when the expression reads a caught-error binding. */
function mentionsError(value: ts.Node): boolean {
  if (ts.isIdentifier(value)) return !!getErrorBinding(value);
  return !!ts.forEachChild(value, (c) => mentionsError(c) || undefined);
}

/**
 * True when the flow passes through a result variable that an early exit has ruled a failure out of before
 * `sinkNode`: `const r = await update(); if (!r.ok) return handleError(r.error); return ok(r)`. The error a failed
 * result carries (`err({ issue: error.message })`) never reaches the sink then. Failure tests: `!r.ok`, `!r.success`,
 * `r.ok === false`, `r.error`, `r.isErr()`, `r.isFailure()`, `r.isLeft()`, `'error' in r`.
 */
export function isExitedOnFailure(origin: TaintOrigin, sinkNode: ts.Node): boolean {
  for (const step of origin.steps) {
    const name = /^`([\w$]+)` is assigned$/.exec(step.label)?.[1];
    const declared = name ? findIdentifier(step.node, name) : undefined;
    const variable = declared && resolveIdentifier(declared);
    if (!variable || !ts.isVariableDeclaration(variable.declaration)) continue;
    const scope = variable.scope;
    if (scope.getSourceFile() !== sinkNode.getSourceFile() || sinkNode.pos < scope.pos || sinkNode.end > scope.end) continue;
    // if statements of the blocks enclosing the sink, between the declaration and the sink
    for (let n: ts.Node = sinkNode; n.parent && n !== variable.scope; n = n.parent) {
      const block = n.parent;
      // inside `if (r.ok) { … }`, or the else branch of a failure test
      if (ts.isIfStatement(block) && block.pos >= variable.declaration.end) {
        if (block.thenStatement === n && isSuccessTest(block.expression, variable.id.text)) return true;
        if (block.elseStatement === n && isFailureTest(block.expression, variable.id.text)) return true;
      }
      if (!ts.isBlock(block) && !ts.isSourceFile(block)) continue;
      for (const s of block.statements) {
        // only statements that end before the sink (not the `if` whose failure branch holds it)
        if (s.end > sinkNode.pos) break;
        if (s.pos < variable.declaration.end || !ts.isIfStatement(s) || !alwaysExits(s.thenStatement)) continue;
        if (isFailureTest(s.expression, variable.id.text)) return true;
      }
    }
  }
  return false;
}

const FAILURE_METHODS = new Set(['isErr', 'isError', 'isFailure', 'isLeft', 'failed']);
const SUCCESS_METHODS = new Set(['isOk', 'isSuccess', 'isRight']);

/** `r.ok`, `r.success`, `r.isOk()`, `!r.error`, or the negation of a failure test. */
function isSuccessTest(cond: ts.Expression, name: string): boolean {
  const e = skipOuter(cond);
  if (ts.isPrefixUnaryExpression(e) && e.operator === SyntaxKind.ExclamationToken) return isFailureTest(e.operand, name);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken) return isSuccessTest(e.left, name) || isSuccessTest(e.right, name);
  const target = ts.isCallExpression(e) && e.arguments.length === 0 ? skipOuter(e.expression) : e;
  if (!ts.isPropertyAccessExpression(target) || !ts.isIdentifier(skipOuter(target.expression)) || (skipOuter(target.expression) as ts.Identifier).text !== name) return false;
  return target === e ? target.name.text === 'ok' || target.name.text === 'success' : SUCCESS_METHODS.has(target.name.text);
}

function isFailureTest(cond: ts.Expression, name: string): boolean {
  const e = skipOuter(cond);
  const isVariable = (x: ts.Expression) => ts.isIdentifier(skipOuter(x)) && (skipOuter(x) as ts.Identifier).text === name;
  const memberOf = (x: ts.Expression): string | undefined => {
    const m = skipOuter(x);
    return ts.isPropertyAccessExpression(m) && isVariable(m.expression) ? m.name.text : undefined;
  };
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.BarBarToken) return isFailureTest(e.left, name) || isFailureTest(e.right, name);
  // !r.ok, !r.success, !r.isOk()
  if (ts.isPrefixUnaryExpression(e) && e.operator === SyntaxKind.ExclamationToken) {
    const operand = skipOuter(e.operand);
    if (ts.isCallExpression(operand)) return operand.arguments.length === 0 && SUCCESS_METHODS.has(memberOf(operand.expression) ?? '');
    const member = memberOf(operand);
    return member === 'ok' || member === 'success';
  }
  // r.error, r.err
  const member = memberOf(e);
  if (member === 'error' || member === 'err' || member === 'isErr' || member === 'failed') return true;
  // r.isErr(), r.isFailure()
  if (ts.isCallExpression(e) && e.arguments.length === 0) {
    const called = memberOf(e.expression);
    return !!called && FAILURE_METHODS.has(called);
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    // r.ok === false, r.success !== true, r.error !== undefined
    const left = memberOf(e.left);
    const right = skipOuter(e.right);
    if ((left === 'ok' || left === 'success') && (op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken)) return right.kind === SyntaxKind.FalseKeyword;
    if ((left === 'ok' || left === 'success') && (op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken)) return right.kind === SyntaxKind.TrueKeyword;
    if (left === 'error' && (op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken)) return right.kind === SyntaxKind.NullKeyword || (ts.isIdentifier(right) && right.text === 'undefined');
    // 'error' in r
    if (op === SyntaxKind.InKeyword && ts.isStringLiteral(skipOuter(e.left)) && (skipOuter(e.left) as ts.StringLiteral).text === 'error') return isVariable(e.right);
  }
  return false;
}
