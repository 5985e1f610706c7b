/** Checks that stop taint whatever the rule: allow-list guards and declared types that cannot carry text. */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier, type Binding } from './scope.js';
import { getImportOf } from './values.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** True when `expr` is checked against an allow-list before this use (or by `condition`, for `cond ? x : y`). */
export function isAllowListed(expr: ts.Expression, condition?: ts.Expression): boolean {
  const key = keyOf(expr);
  if (!key) return false;
  if (condition) return isMembershipTest(condition, key) === 'positive';
  let child: ts.Node = expr;
  let node: ts.Node | undefined = expr.parent;
  while (node && !ts.isSourceFile(node)) {
    // if (ALLOWED.includes(x)) { …use… }
    if (ts.isIfStatement(node) && node.thenStatement === child && isMembershipTest(node.expression, key) === 'positive') return true;
    // if (!ALLOWED.includes(x)) return / throw;  …use…
    if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isCaseClause(node)) {
      for (const s of node.statements) {
        if (s === child) break;
        if (ts.isIfStatement(s) && exits(s.thenStatement) && isMembershipTest(s.expression, key) === 'negative') return true;
        if (checksEveryElement(s, key)) return true;
      }
    }
    if (ts.isFunctionLike(node)) break;
    child = node;
    node = node.parent;
  }
  return false;
}

function keyOf(node: ts.Expression): string | undefined {
  let expr = node;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isTypeAssertionExpression(expr)) expr = expr.expression;
  if (ts.isIdentifier(expr)) {
    const b = resolveIdentifier(expr);
    return b ? `${b.id.pos}:${b.name}` : undefined;
  }
  if (ts.isPropertyAccessExpression(expr)) return expr.getText().replace(/[\s!]/g, '');
  return undefined;
}

/** 'positive' for `LIST.includes(x)`, `SET.has(x)`, `x in MAP`, `x === 'a' || x === 'b'`; 'negative' for their negations. */
function isMembershipTest(cond: ts.Expression, key: string): 'positive' | 'negative' | undefined {
  let e = cond;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isPrefixUnaryExpression(e) && e.operator === SyntaxKind.ExclamationToken) {
    const inner = isMembershipTest(e.operand, key);
    return inner === 'positive' ? 'negative' : inner === 'negative' ? 'positive' : undefined;
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['includes', 'has', 'hasOwnProperty'].includes(e.expression.name.text)) {
    const arg = e.arguments[0];
    return arg && keyOf(arg) === key ? 'positive' : undefined;
  }
  // /^[a-z_]+$/.test(x): a whole-string pattern match
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'test' && ts.isRegularExpressionLiteral(e.expression.expression)) {
    const anchored = /^\/\^.*\$\/[a-z]*$/.test(e.expression.expression.text);
    const arg = e.arguments[0];
    return anchored && arg && keyOf(arg) === key ? 'positive' : undefined;
  }
  // isUUID(x), validator.isInt(x), isValidColumn(x): a predicate that validates the whole value
  if (ts.isCallExpression(e) && e.arguments.some((a) => keyOf(a) === key)) {
    const callee = e.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (/^(is|validate|isValid|check)[A-Z0-9_]/.test(name)) return 'positive';
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === SyntaxKind.InKeyword) return keyOf(e.left) === key ? 'positive' : undefined;
    if (op === SyntaxKind.BarBarToken) {
      const l = isMembershipTest(e.left, key);
      const r = isMembershipTest(e.right, key);
      return l === 'positive' && r === 'positive' ? 'positive' : undefined;
    }
    if (op === SyntaxKind.AmpersandAmpersandToken) {
      const l = isMembershipTest(e.left, key);
      const r = isMembershipTest(e.right, key);
      return l === 'negative' && r === 'negative' ? 'negative' : undefined;
    }
    if (op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken || op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken) {
      const positive = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
      // LIST.indexOf(x) === -1
      const indexOf = [e.left, e.right].find((s) => ts.isCallExpression(s) && ts.isPropertyAccessExpression(s.expression) && s.expression.name.text === 'indexOf') as ts.CallExpression | undefined;
      if (indexOf && indexOf.arguments[0] && keyOf(indexOf.arguments[0]) === key) {
        const other = indexOf === e.left ? e.right : e.left;
        const minusOne = ts.isPrefixUnaryExpression(other) && ts.isNumericLiteral(other.operand) && other.operand.text === '1';
        if (minusOne) return positive ? 'negative' : 'positive';
        return undefined;
      }
      // x === 'asc'
      const [a, b] = [e.left, e.right];
      const literalSide = ts.isStringLiteralLike(a) || ts.isNumericLiteral(a) ? a : ts.isStringLiteralLike(b) || ts.isNumericLiteral(b) ? b : undefined;
      const other = literalSide === a ? b : a;
      if (literalSide && keyOf(other) === key) return positive ? 'positive' : 'negative';
    }
  }
  return undefined;
}

/**
 * `for (const f of fields) { if (!ALLOWED.has(f)) return res.status(400)…; }`: every element of the list `key` names
 * is checked, and the function leaves on one that is not allowed (a `continue` would only skip it).
 */
function checksEveryElement(s: ts.Statement, key: string): boolean {
  if (!ts.isForOfStatement(s) || keyOf(s.expression) !== key || !ts.isVariableDeclarationList(s.initializer)) return false;
  const element = s.initializer.declarations[0]?.name;
  if (!element || !ts.isIdentifier(element)) return false;
  const elementKey = keyOf(element);
  const body = ts.isBlock(s.statement) ? s.statement.statements : [s.statement];
  return !!elementKey && body.some((st) => ts.isIfStatement(st) && leavesFunction(st.thenStatement) && isMembershipTest(st.expression, elementKey) === 'negative');
}

function leavesFunction(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s)) return true;
  return ts.isBlock(s) && s.statements.length > 0 && leavesFunction(s.statements[s.statements.length - 1]);
}

/** True when a statement always leaves: return, throw, continue, break, or a block ending in one. */
function exits(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isContinueStatement(s) || ts.isBreakStatement(s)) return true;
  if (ts.isBlock(s)) return s.statements.length > 0 && exits(s.statements[s.statements.length - 1]);
  if (ts.isExpressionStatement(s)) {
    // res.status(400).send(…); return is the usual form, but `return res.status(400)…` is caught above
    return false;
  }
  return false;
}

/** True when a parameter or variable is declared as number, boolean, bigint, a literal union or an enum. */
export function hasSafeDeclaredType(binding: Binding, project: ProjectIndex): boolean {
  const d = binding.declaration;
  if (!(ts.isParameter(d) || ts.isVariableDeclaration(d)) || !d.type) return false;
  if (!ts.isIdentifier(d.name)) return false;
  return isSafeType(d.type, project, 0);
}

/** True when `obj.name` is declared (in the object's declared type) as a type that cannot carry text. */
export function isSafeMemberType(obj: ts.Expression, name: string, project: ProjectIndex): boolean {
  if (!ts.isIdentifier(obj)) return false;
  const binding = resolveIdentifier(obj);
  const d = binding?.declaration;
  if (!d || !(ts.isParameter(d) || ts.isVariableDeclaration(d)) || !d.type || !ts.isIdentifier(d.name)) return false;
  const memberType = findMemberType(d.type, name, project, 0);
  return !!memberType && isSafeType(memberType, project, 0);
}

function isSafeType(type: ts.TypeNode, project: ProjectIndex, depth: number): boolean {
  if (depth > 5) return false;
  switch (type.kind) {
    case SyntaxKind.NumberKeyword:
    case SyntaxKind.BooleanKeyword:
    case SyntaxKind.BigIntKeyword:
      return true;
    case SyntaxKind.LiteralType:
      return true;
    case SyntaxKind.UnionType:
      return (type as ts.UnionTypeNode).types.every((t) => isSafeType(t, project, depth + 1) || t.kind === SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === SyntaxKind.NullKeyword));
    case SyntaxKind.ParenthesizedType:
      return isSafeType((type as ts.ParenthesizedTypeNode).type, project, depth + 1);
    case SyntaxKind.TypeReference: {
      const decl = resolveTypeDeclaration(type as ts.TypeReferenceNode, project);
      if (!decl) return false;
      if (ts.isEnumDeclaration(decl)) return true;
      if (ts.isTypeAliasDeclaration(decl)) return isSafeType(decl.type, project, depth + 1);
      return false;
    }
    default:
      return false;
  }
}

function findMemberType(type: ts.TypeNode, name: string, project: ProjectIndex, depth: number): ts.TypeNode | undefined {
  if (depth > 5) return undefined;
  if (ts.isTypeLiteralNode(type)) return memberTypeIn(type.members, name);
  if (ts.isTypeReferenceNode(type)) {
    const decl = resolveTypeDeclaration(type, project);
    if (!decl) return undefined;
    if (ts.isInterfaceDeclaration(decl)) return memberTypeIn(decl.members, name);
    if (ts.isClassDeclaration(decl)) return memberTypeIn(decl.members, name);
    if (ts.isTypeAliasDeclaration(decl)) return findMemberType(decl.type, name, project, depth + 1);
  }
  return undefined;
}

function memberTypeIn(members: ts.NodeArray<ts.Node>, name: string): ts.TypeNode | undefined {
  for (const m of members) {
    if ((ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) && m.name.getText() === name) return m.type;
  }
  return undefined;
}

type TypeDeclaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration | ts.ClassDeclaration;

/** The project declaration a type name refers to (same file, or an import of a project file). */
export function resolveTypeDeclaration(ref: ts.TypeReferenceNode, project: ProjectIndex): TypeDeclaration | undefined {
  if (!ts.isIdentifier(ref.typeName)) return undefined;
  const name = ref.typeName.text;
  const sf = ref.getSourceFile();
  const local = findTypeInFile(sf, name, false);
  if (local) return local;
  const binding = resolveIdentifier(ref.typeName);
  if (!binding || binding.kind !== 'import') return undefined;
  const imp = getImportOf(binding);
  if (!imp) return undefined;
  const target = project.resolveModule(sf.fileName, imp.module);
  const targetSf = target ? project.getSourceFile(target) : undefined;
  return targetSf ? findTypeInFile(targetSf, imp.name, true) : undefined;
}

function findTypeInFile(sf: ts.SourceFile, name: string, exportedOnly: boolean): TypeDeclaration | undefined {
  for (const s of sf.statements) {
    if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name) {
      if (!exportedOnly || (ts.getModifiers(s) ?? []).some((m) => m.kind === SyntaxKind.ExportKeyword)) return s;
    }
  }
  return undefined;
}
