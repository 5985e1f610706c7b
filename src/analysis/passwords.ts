/**
 * Passwords as a taint source, shared by the plaintext-storage and weak-hash rules. A password is a value read under a
 * password name (`req.body.password`, `dto.newPassword`, `const { passwd } = form`); hashing and encryption calls
 * clean it. A password read from a parameter of a named function (`data.password` in a service) is decided at its
 * callers, field by field (passwordFacts.ts), so `insertUser({ password: await bcrypt.hash(pw, 12) })` is no finding.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier, type Binding } from './scope.js';
import { traceTaint, type SourceMatch, type TaintOrigin, type TaintSpec } from './taint.js';
import { getAccessPath, getRequestSource, getDecoratedParameterSource } from './sources.js';
import { isPasswordName, splitWords } from './sensitive.js';
import { isSafeMemberType } from './sanitizers.js';
import { getBindingPath, getCallableName, getMemberName, getReturnedExpressions, isFunctionNode, resolveCallee, skipOuter } from './values.js';
import { isHashingCall } from './hashCalls.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** Source kind of a password read from a named function's parameter: decided at the callers. */
export const PARAM_MEMBER = 'param-member:';
/** Source kind of a password parameter of a callback (`socket.on('x', ({ password }) => …)`), whose caller is a library. */
const CALLBACK = 'callback';
/** Callbacks whose parameters the data-flow core follows to the receiver (`users.map(u => …)`). */
const TRACED_CALLBACKS = new Set(['map', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'flatMap', 'sort', 'findIndex', 'reduce', 'then']);
/** Methods whose result is the stored record, so its password field is the stored hash (`await User.findOne(…)`). */
const STORE_READ = /^(find|fetch|load|select|first|lookup|query)|^(one|oneOrNone|many|manyOrNone|any)$|^get\w*(user|account|by|record|entity|row|member|customer|admin|profile)/i;

/** Passwords, cleaned by hashing and encryption; bytes and base64 encodings carry them. */
export const passwordTaint: TaintSpec = {
  id: 'password',
  getSource: getPasswordSource,
  getParameterSource: getCallbackPasswordParameter,
  isSanitizer: isHashingCall,
  propagate: propagateEncoding,
};

/**
 * A password read: `x.password`, `x['passwd']`, `form.get('password')`, or `root` + `memberPath` from destructuring.
 * Not: identifiers (the core follows them), `process.env`, and fields of records loaded from a store (the stored hash).
 */
export function getPasswordSource(expr: ts.Expression, project: ProjectIndex, memberPath: string[] = []): SourceMatch | undefined {
  const last = memberPath.length ? memberPath[memberPath.length - 1] : getReadName(expr);
  if (!last) return undefined;
  // const { password: hash } = await User.findOne(…): the stored hash
  if (memberPath.length && (isStoreRead(expr) || returnsStoredRecord(expr, project))) return undefined;
  const access = getAccessPath(expr);
  if (access?.root.text === 'process' && !resolveIdentifier(access.root)) return undefined;
  const isPassword = isPasswordName(last);
  const label = shorten(memberPath.length ? `${expr.getText()}.${memberPath.join('.')}` : expr.getText());
  const request = getRequestSource(expr, memberPath);
  if (request) return isPassword ? { label: request.label, kind: 'http' } : undefined;
  // a bare `pass` outside request input is as often a test verdict (`score.pass`) as a password;
  // a SCREAMING_CASE key is a constant's name (`tokenTypes.RESET_PASSWORD`), not a password value
  if (/^pass$/i.test(last) || /^[A-Z][A-Z0-9_]*$/.test(last)) return undefined;
  const binding = access && !access.called ? resolveIdentifier(access.root) : undefined;
  const members = access ? [...access.members, ...memberPath] : memberPath;
  // a named function's parameter field (any field: `user.email` is not all of `user`) is decided at the callers
  const param = binding?.kind === 'param' ? (binding.declaration as ts.ParameterDeclaration) : undefined;
  if (param && isNamedFunction(param.parent) && !getDecoratedParameterSource(param) && !members.includes('*')) {
    if (isPassword && members.length === 1 && isSafeMemberType(access!.root, members[0], project)) return undefined;
    const fullPath = [...(getBindingPath(param.name, binding!.id) ?? []), ...members];
    return { label, kind: PARAM_MEMBER + JSON.stringify(fullPath) };
  }
  if (!isPassword) return undefined;
  // this.password, form.get('password'), (await req.json()).password
  if (!access || access.called || !binding) return { label, kind: 'name' };
  if (members.length === 1 && isSafeMemberType(access.root, members[0], project)) return undefined;
  if (param) return { label, kind: getDecoratedParameterSource(param) ? 'http' : 'name' };
  if (binding.kind === 'var' || binding.kind === 'let' || binding.kind === 'const') {
    const decl = binding.declaration as ts.VariableDeclaration;
    const init = ts.isVariableDeclaration(decl) && decl.initializer ? skipOuter(decl.initializer) : undefined;
    // the core follows literals field by field; a record loaded from a store holds the hash
    if (init && ts.isIdentifier(decl.name) && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) || isStoreRead(init) || returnsStoredRecord(init, project))) return undefined;
  }
  return { label, kind: 'name' };
}

/** The member name a read ends in: `x.password` → password, `form.get('password')` → password. */
function getReadName(expr: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) return getMemberName(expr);
  // formData.get('password'), params.get('pwd')
  if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && ['get', 'getAll'].includes(expr.expression.name.text)) {
    const arg = expr.arguments[0];
    return arg && ts.isStringLiteralLike(arg) && /^[\w-]+$/.test(arg.text) ? arg.text : undefined;
  }
  return undefined;
}

/** `await User.findOne(…)`, `repo.findOneBy(…)`, `db.select().first()`: a record read back from storage. */
function isStoreRead(init: ts.Expression): boolean {
  const e = skipOuter(init);
  if (!ts.isCallExpression(e)) return false;
  const callee = e.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  return STORE_READ.test(name) && !/body|json|form/i.test(name);
}

/**
 * `await login(username, password)` where the project's `login` returns the user it loaded (`const user = await
 * R.findOne(…); … return user;` or null): the record's password field holds the stored hash.
 */
function returnsStoredRecord(init: ts.Expression, project: ProjectIndex): boolean {
  const e = skipOuter(init);
  if (!ts.isCallExpression(e)) return false;
  const callees = resolveCallee(e, project);
  return callees.length > 0 && callees.every((fn) => {
    const returned = getReturnedExpressions(fn).map((r) => skipOuter(r)).filter((r) => !isEmptyValue(r));
    return returned.length > 0 && returned.every((r) => isStoreRead(r) || (ts.isIdentifier(r) && isStoredRecordVariable(r)));
  });
}

function isEmptyValue(e: ts.Expression): boolean {
  return e.kind === SyntaxKind.NullKeyword || e.kind === SyntaxKind.FalseKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
}

/** A variable that holds a record read back from storage (`let user = await R.findOne(…)`). */
function isStoredRecordVariable(id: ts.Identifier): boolean {
  const decl = resolveIdentifier(id)?.declaration;
  return !!decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && !!decl.initializer && isStoreRead(decl.initializer);
}

/**
 * A password parameter that no project code calls with a value: NestJS `@Body('password') password` or `@Body() { password }`,
 * and callbacks a library calls: `socket.on('signup', ({ email, password }) => …)`.
 */
function getCallbackPasswordParameter(param: ts.ParameterDeclaration): SourceMatch | undefined {
  const decorated = getDecoratedParameterSource(param);
  if (decorated) {
    const key = /\('([^']*)'\)/.exec(decorated.label)?.[1];
    if (ts.isIdentifier(param.name)) return isPasswordName(param.name.text) || (key && isPasswordName(key)) ? { label: decorated.label, kind: 'http' } : undefined;
    return { label: decorated.label, kind: CALLBACK };
  }
  const fn = param.parent;
  if (!isFunctionNode(fn) || isNamedFunction(fn)) return undefined;
  const call = fn.parent;
  if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && TRACED_CALLBACKS.has(call.expression.name.text)) return undefined;
  if (ts.isIdentifier(param.name)) return isPasswordName(param.name.text) ? { label: param.name.text, kind: CALLBACK } : undefined;
  // the core appends the destructured path; the rule keeps only password paths
  return { label: '', kind: CALLBACK };
}

/** A function callers reach by name (declaration, method, or a function stored in a variable or property), not a callback. */
function isNamedFunction(fn: ts.Node): boolean {
  if (!isFunctionNode(fn)) return false;
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isConstructorDeclaration(fn)) return true;
  return getCallableName(fn) !== undefined;
}

/** `Buffer.from(pw)`, `new TextEncoder().encode(pw)`, `btoa(pw)`: the bytes or text still are the password. */
function propagateEncoding(call: ts.CallExpression): ts.Expression[] | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return ['btoa', 'encodeURIComponent', 'escape'].includes(callee.text) && !resolveIdentifier(callee) ? [...call.arguments] : undefined;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = callee.expression;
  if (ts.isIdentifier(receiver) && receiver.text === 'Buffer' && !resolveIdentifier(receiver) && (callee.name.text === 'from' || callee.name.text === 'concat')) return call.arguments.slice(0, 1);
  if (callee.name.text === 'encode' && call.arguments.length === 1) return [call.arguments[0]];
  return undefined;
}

/**
 * Keeps only origins that are passwords at the sink: a callback's destructured parameter is a source for its password
 * fields only (`({ email, password }) => …` gives `password`, not `email`).
 */
export function isPasswordOrigin(origin: TaintOrigin): boolean {
  if (origin.kind !== 'source' || origin.sourceKind !== CALLBACK) return true;
  const dot = origin.label.lastIndexOf('.');
  return isPasswordName(dot >= 0 ? origin.label.slice(dot + 1) : origin.label);
}

/** How a password origin reads in a message: `req.body.password`, or the destructured name of a callback parameter. */
export function describeOrigin(origin: TaintOrigin): string {
  return origin.sourceKind === CALLBACK ? origin.label.replace(/^\./, '').replace(/^(@\w+\([^)]*\)) \{[^}]*\}\./, '$1 ') : origin.label;
}

/** Words that make a password one for another system (`smtpPassword`, `db_password`, `redisPass`): kept readable, not hashed. */
const THIRD_PARTY_WORDS = new Set(['smtp', 'imap', 'pop3', 'ftp', 'sftp', 'ssh', 'db', 'database', 'mysql', 'postgres', 'redis', 'mongo', 'ldap', 'proxy', 'wifi', 'mail', 'vpn', 'remote', 'integration', 'connection', 'service', 'app', 'vault', 'keystore', 'device', 'router']);

/** A password for another system, by the name it is read under: `smtpPassword`, `args.dbPass`, `DB_PASSWORD`. */
export function isThirdPartyCredential(origin: TaintOrigin): boolean {
  return isThirdPartyName(describeOrigin(origin).split('.').pop() ?? '');
}

export function isThirdPartyName(name: string): boolean {
  return splitWords(name).some((w) => THIRD_PARTY_WORDS.has(w));
}

/** `scheme://user:${password}@host`, `'postgres://' + user + ':' + password + '@'`: a password written into a URL with credentials. */
const CREDENTIAL_URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`@/]*:(?:\$\{|['"`]\s*\+)[^@\n]{0,120}@/i;

/**
 * True when the password went into a connection URL on its way (`DATABASE_URL=postgres://u:${pw}@host` written to
 * `.env`): a credential for a database or service, which the application must be able to read back.
 */
export function isBuiltIntoCredentialUrl(origin: TaintOrigin): boolean {
  return [origin.node, ...origin.steps.map((s) => s.node)].some((n) => CREDENTIAL_URL.test(statementText(n)));
}

function statementText(node: ts.Node): string {
  let n: ts.Node = node;
  while (n.parent && !ts.isSourceFile(n.parent) && !ts.isBlock(n.parent) && !ts.isExpressionStatement(n) && !ts.isVariableDeclaration(n) && !ts.isReturnStatement(n)) n = n.parent;
  const text = n.getText();
  return text.length > 600 ? text.slice(0, 600) : text;
}

/** True for a source that must be decided at the callers (a named function's `data.password`). */
export function isDeferredOrigin(origin: TaintOrigin): boolean {
  return origin.kind === 'param' || (origin.kind === 'source' && !!origin.sourceKind?.startsWith(PARAM_MEMBER));
}

/**
 * Taint of `root.path…` under the password spec, field by field: object literals (a later property overrides a spread),
 * local variables' initializers, then the password read itself (`req.body` + `password`, a parameter's member).
 */
export function traceMemberPath(root: ts.Expression, members: string[], project: ProjectIndex, depth = 0): TaintOrigin[] {
  if (!members.length) return traceTaint(root, passwordTaint, project);
  if (depth > 8) return [];
  const e = skipOuter(root);
  if (ts.isObjectLiteralExpression(e)) {
    const index = findLastPropertyIndex(e, members[0]);
    const laterSpreads = e.properties.filter((p, i) => ts.isSpreadAssignment(p) && i > index) as ts.SpreadAssignment[];
    const fromSpreads = laterSpreads.flatMap((s) => traceMemberPath(s.expression, members, project, depth + 1));
    const p = e.properties[index];
    const value = !p ? undefined : ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    return value ? [...fromSpreads, ...traceMemberPath(value, members.slice(1), project, depth + 1)] : fromSpreads;
  }
  if (ts.isIdentifier(e)) {
    const binding = resolveIdentifier(e);
    const decl = binding?.declaration;
    // user.password = await hash(pw) before the use replaces the field
    const assigned = binding ? getFieldAssignments(binding, e.pos).filter((a) => a.key === members[0]) : [];
    if (binding && assigned.length) {
      return assigned.flatMap((a) => withStep(traceMemberPath(a.value, members.slice(1), project, depth + 1), a.node, `assigned to \`${binding.name}.${a.key}\``));
    }
    if (binding && decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name)) {
      const init = skipOuter(decl.initializer);
      if (ts.isObjectLiteralExpression(init) || ts.isIdentifier(init)) return withStep(traceMemberPath(init, members, project, depth + 1), decl.name, `\`${binding.name}\` is assigned`);
    }
  }
  // req.body.password = await hash(req.body.password) before `create(req.body)` replaces the field too
  const chain = ts.isPropertyAccessExpression(e) ? getMemberChain(e) : undefined;
  if (chain) {
    const assigned = getFieldAssignments(chain.binding, e.pos, chain.names).filter((a) => a.key === members[0]);
    const label = `${chain.binding.name}.${chain.names.join('.')}`;
    if (assigned.length) return assigned.flatMap((a) => withStep(traceMemberPath(a.value, members.slice(1), project, depth + 1), a.node, `assigned to \`${label}.${a.key}\``));
  }
  const match = getPasswordSource(e, project, members);
  if (!match) return [];
  return [{ kind: 'source', label: match.label, sourceKind: match.kind, node: e, steps: [{ node: e, label: `source: ${match.label}` }], built: false }];
}

/** Index of the last property named `key` in an object literal (spreads skipped), or -1. */
export function findLastPropertyIndex(obj: ts.ObjectLiteralExpression, key: string): number {
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i];
    if (!ts.isSpreadAssignment(p) && getPropertyKey(p) === key) return i;
  }
  return -1;
}

/** The static key of an object literal member: `a`, `'a'`, `['a']`. */
export function getPropertyKey(p: ts.ObjectLiteralElementLike): string | undefined {
  const name = p.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** A write into a variable's fields: `user.password = v` (key 'password'), or `Object.assign(user, v)` (no key). */
export interface FieldAssignment {
  key?: string;
  value: ts.Expression;
  node: ts.Node;
}

const assignmentCache = new WeakMap<ts.Identifier, Map<string, FieldAssignment[]>>();

/** `req.body` → the binding of `req` and ['body']; undefined unless the chain is names all the way down to a variable. */
function getMemberChain(e: ts.PropertyAccessExpression): { binding: Binding; names: string[] } | undefined {
  const names: string[] = [];
  let cur: ts.Expression = e;
  while (ts.isPropertyAccessExpression(cur)) {
    names.unshift(cur.name.text);
    cur = skipOuter(cur.expression);
  }
  const binding = ts.isIdentifier(cur) ? resolveIdentifier(cur) : undefined;
  return binding && names.length <= 3 ? { binding, names } : undefined;
}

/**
 * Field writes into a variable or parameter that end before `beforePos`, in source order; with `through`, writes into
 * that member of it (`req.body.password = v` for ['body']).
 */
export function getFieldAssignments(binding: Binding, beforePos: number, through: readonly string[] = []): FieldAssignment[] {
  let byPath = assignmentCache.get(binding.id);
  if (!byPath) assignmentCache.set(binding.id, (byPath = new Map()));
  const pathKey = through.join('.');
  let all = byPath.get(pathKey);
  if (!all) {
    const found: FieldAssignment[] = [];
    const isBinding = (expr: ts.Expression) => {
      let e = skipOuter(expr);
      for (let i = through.length - 1; i >= 0; i--) {
        if (!ts.isPropertyAccessExpression(e) || e.name.text !== through[i]) return false;
        e = skipOuter(e.expression);
      }
      return ts.isIdentifier(e) && e.text === binding.name && resolveIdentifier(e)?.id === binding.id;
    };
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left)) && isBinding(node.left.expression)) {
        const key = getMemberName(node.left);
        if (key !== undefined) found.push({ key, value: node.right, node: node.left });
      }
      // Object.assign(user, dto)
      if (ts.isCallExpression(node) && node.expression.getText() === 'Object.assign' && node.arguments[0] && isBinding(node.arguments[0])) {
        for (const a of node.arguments.slice(1)) found.push({ value: a, node: a });
      }
      // user.set({ password }), user.set('password', v), user.setDataValue('password', v) (Sequelize, Mongoose)
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['set', 'setDataValue'].includes(node.expression.name.text) && isBinding(node.expression.expression)) {
        const [first, second] = node.arguments;
        if (first && second && ts.isStringLiteralLike(first)) found.push({ key: first.text, value: second, node });
        else if (first && !second && ts.isObjectLiteralExpression(skipOuter(first))) found.push({ value: first, node });
      }
      ts.forEachChild(node, visit);
    };
    visit(binding.scope);
    byPath.set(pathKey, (all = found));
  }
  return all.filter((a) => a.node.end <= beforePos);
}

function withStep(origins: TaintOrigin[], node: ts.Node, label: string): TaintOrigin[] {
  return origins.map((o) => ({ ...o, steps: [...o.steps, { node, label }] }));
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

