/** Where a string literal goes: the name it is stored in, compared with or passed as, or the secret parameter it fills. */
import { ts } from 'ts-morph';
import { findSecretArgument, SECRET_ARGUMENTS, type SecretArgument } from './secret-arguments.js';
import { getReferences, resolveIdentifier } from '../scope.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

export interface StringTarget {
  /** The variable, property, parameter or header name (`password`, `config.secret` → `secret`). */
  name?: string;
  /** The secret parameter the string is passed to (`jwt.sign(payload, '…')`). */
  argument?: SecretArgument;
  /** The secret parameter a constant holding the string is passed to in its file (`const KEY = '…'; jwt.sign(p, KEY)`). */
  usedAs?: SecretArgument;
  /** Compared with the named value (`if (secret !== '…')`): the credential the code accepts. */
  compared?: boolean;
}

/** Longest name used in messages; longer "names" are likely data, not identifiers. */
const MAX_NAME_LENGTH = 64;

/** The target of a string literal, or undefined when it goes nowhere that names it. */
/** `Buffer.from('…', 'utf8')`, `new TextEncoder().encode('…')`: the same text as bytes, under the name the bytes get. */
function isByteConversion(parent: ts.Node, expr: ts.Node): boolean {
  if (!(ts.isCallExpression(parent) && parent.arguments[0] === expr)) return false;
  const callee = parent.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  const receiver = callee.expression;
  if (method === 'from' && ts.isIdentifier(receiver) && receiver.text === 'Buffer') return true;
  return method === 'encode' && ts.isNewExpression(receiver) && ts.isIdentifier(receiver.expression) && receiver.expression.text === 'TextEncoder';
}

export function getStringTarget(literal: ts.Node): StringTarget | undefined {
  let expr: ts.Node = literal;
  let parent = expr.parent;
  // climb through wrappers and fallbacks: `(x as string)`, `process.env.X ?? '…'`, `cond ? '…' : '…'`
  while (parent) {
    const k = parent.kind;
    if (
      k === SyntaxKind.ParenthesizedExpression ||
      k === SyntaxKind.AsExpression ||
      k === SyntaxKind.SatisfiesExpression ||
      k === SyntaxKind.NonNullExpression ||
      k === SyntaxKind.TypeAssertionExpression ||
      (k === SyntaxKind.ConditionalExpression && (parent as ts.ConditionalExpression).condition !== expr) ||
      (k === SyntaxKind.BinaryExpression && isFallback(parent as ts.BinaryExpression, expr)) ||
      isByteConversion(parent, expr)
    ) {
      expr = parent;
      parent = parent.parent;
      continue;
    }
    break;
  }
  if (!parent) return undefined;
  switch (parent.kind) {
    // const password = '…'; function f(token = '…'); class C { secret = '…' }
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.Parameter:
    case SyntaxKind.PropertyDeclaration:
    case SyntaxKind.EnumMember: {
      const decl = parent as ts.VariableDeclaration;
      if (decl.initializer !== expr) return undefined;
      const target = named(getDeclarationName(decl.name));
      const usedAs = ts.isVariableDeclaration(decl) ? getConstantUse(decl) : ts.isPropertyDeclaration(parent) ? getPropertyUse(parent) : undefined;
      return target && usedAs ? { ...target, usedAs } : target;
    }
    // { password: '…' }, also as an options argument: session({ secret: '…' })
    case SyntaxKind.PropertyAssignment: {
      const prop = parent as ts.PropertyAssignment;
      if (prop.initializer !== expr) return undefined;
      const name = getDeclarationName(prop.name);
      const argument = name ? getOptionsArgument(prop, name) : undefined;
      return argument ? { name, argument } : named(name);
    }
    // <Widget apiKey="…" />
    case SyntaxKind.JsxAttribute:
      return named(getDeclarationName((parent as ts.JsxAttribute).name as ts.Identifier));
    case SyntaxKind.BinaryExpression:
      return getBinaryTarget(parent as ts.BinaryExpression, expr);
    case SyntaxKind.CallExpression:
    case SyntaxKind.NewExpression:
      return getCallTarget(parent as ts.CallExpression, expr);
    // get apiKey() { return '…' }
    case SyntaxKind.ReturnStatement:
      return named(getEnclosingFunctionName(parent));
  }
  return undefined;
}

/**
 * The secret parameter a `const` is passed to in its own file: `jwt.sign(payload, JWT_SECRET)`,
 * `session({ secret: SESSION_SECRET })`. Reassignable variables are left alone (their value may change).
 */
function getConstantUse(decl: ts.VariableDeclaration): SecretArgument | undefined {
  if (!ts.isIdentifier(decl.name) || !(decl.parent.flags & ts.NodeFlags.Const) || !mayPassSecrets(decl.getSourceFile())) return undefined;
  const binding = resolveIdentifier(decl.name);
  if (!binding) return undefined;
  for (const ref of getReferences(binding)) {
    const parent = ref.parent;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(ref)) {
      const { callee, receiver } = getCalleeNames(parent.expression);
      const found = callee ? findSecretArgument(callee, receiver, parent.arguments.indexOf(ref)) : undefined;
      if (found) return found;
    }
    if ((ts.isPropertyAssignment(parent) && parent.initializer === ref) || (ts.isShorthandPropertyAssignment(parent) && parent.name === ref)) {
      const name = getDeclarationName(parent.name);
      const found = name ? getOptionsArgument(parent, name) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The secret parameter a class field is passed to in its class: `private readonly jwtSecret = …` then
 * `jwt.sign(payload, this.jwtSecret)`. A field the class assigns again is left alone.
 */
function getPropertyUse(prop: ts.PropertyDeclaration): SecretArgument | undefined {
  const cls = prop.parent;
  if (!ts.isIdentifier(prop.name) || !ts.isClassLike(cls) || !mayPassSecrets(prop.getSourceFile())) return undefined;
  const name = prop.name.text;
  let found: SecretArgument | undefined;
  let reassigned = false;
  const visit = (n: ts.Node): void => {
    if (found || reassigned) return;
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === SyntaxKind.ThisKeyword && n.name.text === name) {
      const parent = n.parent;
      if (ts.isBinaryExpression(parent) && parent.left === n && parent.operatorToken.kind === SyntaxKind.EqualsToken) reassigned = true;
      else if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(n)) {
        const { callee, receiver } = getCalleeNames(parent.expression);
        found = callee ? findSecretArgument(callee, receiver, parent.arguments.indexOf(n)) : undefined;
      } else if (ts.isPropertyAssignment(parent) && parent.initializer === n) {
        const key = getDeclarationName(parent.name);
        found = key ? getOptionsArgument(parent, key) : undefined;
      }
    }
    ts.forEachChild(n, visit);
  };
  for (const member of cls.members) if (member !== prop) visit(member);
  return reassigned ? undefined : found;
}

/** Calls of the functions that take a secret, and of those that take a signing or encryption key. */
const SECRET_CALLEE = calleePattern(SECRET_ARGUMENTS);
const KEY_CALLEE = calleePattern(SECRET_ARGUMENTS.filter((a) => a.key));

function calleePattern(list: SecretArgument[]): RegExp {
  return new RegExp(`\\b(?:${[...new Set(list.map((a) => a.callee))].join('|')})\\s*\\(`);
}

/** True when the file names a function that takes a secret (one text test per file, before any reference search). */
function mayPassSecrets(sf: ts.SourceFile): boolean {
  return fileMatches(sf, SECRET_CALLEE);
}

/** True when the file names a function that takes a signing or encryption key. */
export function mayPassKeys(sf: ts.SourceFile): boolean {
  return fileMatches(sf, KEY_CALLEE);
}

const fileTests = new WeakMap<ts.SourceFile, Map<RegExp, boolean>>();

/** One test of a file's text per pattern. */
function fileMatches(sf: ts.SourceFile, pattern: RegExp): boolean {
  let byPattern = fileTests.get(sf);
  if (!byPattern) fileTests.set(sf, (byPattern = new Map()));
  let hit = byPattern.get(pattern);
  if (hit === undefined) byPattern.set(pattern, (hit = pattern.test(sf.text)));
  return hit;
}

/** `a ?? '…'`, `a || '…'`: the literal is the fallback. */
function isFallback(b: ts.BinaryExpression, operand: ts.Node): boolean {
  const op = b.operatorToken.kind;
  return b.right === operand && (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken);
}

function named(name: string | undefined): StringTarget | undefined {
  return name && name.length <= MAX_NAME_LENGTH ? { name } : undefined;
}

/** `x = '…'`, `config.secret = '…'`, `headers['x-api-key'] = '…'`, `token === '…'`. */
function getBinaryTarget(b: ts.BinaryExpression, operand: ts.Node): StringTarget | undefined {
  const op = b.operatorToken.kind;
  if (op === SyntaxKind.EqualsToken || op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) {
    return b.right === operand ? named(getExpressionName(b.left)) : undefined;
  }
  if (
    op === SyntaxKind.EqualsEqualsEqualsToken ||
    op === SyntaxKind.EqualsEqualsToken ||
    op === SyntaxKind.ExclamationEqualsEqualsToken ||
    op === SyntaxKind.ExclamationEqualsToken
  ) {
    const other = b.left === operand ? b.right : b.left;
    const target = named(getExpressionName(other));
    // `secret !== 'export123'` checks a credential against the one the code accepts; a comparison with configuration
    // (`process.env.JWT_SECRET === 'changeme'`) checks for an unset default instead
    return target && !/\b(?:env|config|configuration|settings|options)\b/i.test(other.getText()) ? { ...target, compared: true } : target;
  }
  return undefined;
}

/** A secret parameter (`jwt.sign(p, '…')`), or a name given as the first argument (`headers.set('Authorization', '…')`). */
function getCallTarget(call: ts.CallExpression | ts.NewExpression, operand: ts.Node): StringTarget | undefined {
  const args = call.arguments;
  if (!args) return undefined;
  const index = args.indexOf(operand as ts.Expression);
  if (index < 0) return undefined;
  const { callee, receiver } = getCalleeNames(call.expression);
  const argument = callee ? findSecretArgument(callee, receiver, index) : undefined;
  if (argument) return { argument };
  if (index === 1 && args.length === 2 && ts.isStringLiteral(args[0]) && /^[A-Za-z_][\w.-]*$/.test(args[0].text)) return named(args[0].text);
  return undefined;
}

/** An options object property that is a secret parameter: `session({ secret: '…' })`. */
function getOptionsArgument(prop: ts.PropertyAssignment | ts.ShorthandPropertyAssignment, name: string): SecretArgument | undefined {
  let object = prop.parent;
  let property = name;
  // a nested option: `createTransport({ auth: { pass } })` is the option `auth.pass`
  for (let depth = 0; depth < 2 && ts.isPropertyAssignment(object.parent) && ts.isObjectLiteralExpression(object.parent.parent); depth++) {
    const key = getDeclarationName(object.parent.name);
    if (key === undefined) return undefined;
    property = `${key}.${property}`;
    object = object.parent.parent;
  }
  const call = object.parent;
  if (!call || (!ts.isCallExpression(call) && !ts.isNewExpression(call)) || !call.arguments) return undefined;
  const index = call.arguments.indexOf(object);
  const { callee, receiver } = getCalleeNames(call.expression);
  return callee && index >= 0 ? findSecretArgument(callee, receiver, index, property) : undefined;
}

/** `jwt.sign` → { callee: 'sign', receiver: 'jwt' }; `CryptoJS.AES.encrypt` → { callee: 'encrypt', receiver: 'AES' }; `sign` → { callee: 'sign' }. */
function getCalleeNames(expr: ts.Expression): { callee?: string; receiver?: string } {
  if (ts.isIdentifier(expr)) return { callee: expr.text };
  if (ts.isPropertyAccessExpression(expr)) return { callee: expr.name.text, receiver: getExpressionName(expr.expression) };
  return {};
}

/** The last name of an expression: `password` → password, `this.cfg.secret` → secret, `h['x-api-key']` → x-api-key. */
function getExpressionName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text.replace(/^#/, '');
  if (ts.isElementAccessExpression(expr) && ts.isStringLiteralLike(expr.argumentExpression)) return expr.argumentExpression.text;
  if (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isAsExpression(expr)) return getExpressionName(expr.expression);
  return undefined;
}

/** The text of a declaration or property name (identifier, string, private `#name`), or undefined for computed and destructured names. */
function getDeclarationName(name: ts.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return name.text.slice(1);
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** The name of the function a `return` belongs to: a method, accessor, function declaration or a function stored in a variable. */
function getEnclosingFunctionName(node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isFunctionDeclaration(n)) return n.name ? getDeclarationName(n.name) : undefined;
    if (ts.isFunctionExpression(n) || ts.isArrowFunction(n)) {
      return ts.isVariableDeclaration(n.parent) || ts.isPropertyAssignment(n.parent) ? getDeclarationName(n.parent.name) : undefined;
    }
    if (ts.isSourceFile(n) || ts.isClassLike(n)) return undefined;
  }
  return undefined;
}

/** Where a match outside string literals sits: a comment (the trivia before the innermost node), a template literal, JSX text, or other code. */
export function describeTextPlace(sf: ts.SourceFile, pos: number): string {
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (child.pos <= pos && pos < child.end) return (next = child);
      return undefined;
    });
    if (!next) break;
    node = next;
  }
  if (node === sf || pos < node.getStart(sf)) return 'a comment';
  if (ts.isTemplateLiteralToken(node)) return 'a template literal';
  return node.kind === SyntaxKind.JsxText ? 'JSX text' : 'the code';
}
