/** Constant evaluation of string expressions: literals, `const` values, enums, and what is built only from them. */
import { ts } from 'ts-morph';
import { resolveIdentifier } from './scope.js';
import { getObjectProperty, getMemberName, getImportOf, getExportedDeclaration } from './values.js';
import type { ProjectIndex } from './project.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

const cache = new WeakMap<ts.Node, string | null>();
const active = new Set<ts.Node>();

/** The string value of a constant expression, or undefined when any part may vary at run time. */
export function getStaticString(expr: ts.Node): string | undefined {
  const hit = cache.get(expr);
  if (hit !== undefined) return hit ?? undefined;
  if (active.has(expr)) return undefined;
  active.add(expr);
  let value: string | undefined;
  try {
    value = compute(expr);
  } finally {
    active.delete(expr);
  }
  cache.set(expr, value ?? null);
  return value;
}

function compute(e: ts.Node): string | undefined {
  switch (e.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return (e as ts.StringLiteral).text;
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
      return (e as ts.NumericLiteral).text;
    case SyntaxKind.TrueKeyword:
      return 'true';
    case SyntaxKind.FalseKeyword:
      return 'false';
    case SyntaxKind.NullKeyword:
      return 'null';
    case SyntaxKind.ParenthesizedExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.SatisfiesExpression:
    case SyntaxKind.NonNullExpression:
    case SyntaxKind.TypeAssertionExpression:
      return getStaticString((e as ts.ParenthesizedExpression).expression);
    case SyntaxKind.TemplateExpression: {
      const t = e as ts.TemplateExpression;
      let out = t.head.text;
      for (const span of t.templateSpans) {
        const v = getStaticString(span.expression);
        if (v === undefined) return undefined;
        out += v + span.literal.text;
      }
      return out;
    }
    case SyntaxKind.BinaryExpression: {
      const b = e as ts.BinaryExpression;
      if (b.operatorToken.kind !== SyntaxKind.PlusToken) return undefined;
      const l = getStaticString(b.left);
      const r = l === undefined ? undefined : getStaticString(b.right);
      return l === undefined || r === undefined ? undefined : l + r;
    }
    case SyntaxKind.PrefixUnaryExpression: {
      const p = e as ts.PrefixUnaryExpression;
      const v = ts.isNumericLiteral(p.operand) ? p.operand.text : undefined;
      return v !== undefined && p.operator === SyntaxKind.MinusToken ? `-${v}` : v;
    }
    case SyntaxKind.Identifier:
      return staticIdentifier(e as ts.Identifier);
    case SyntaxKind.PropertyAccessExpression:
    case SyntaxKind.ElementAccessExpression:
      return staticMember(e as ts.PropertyAccessExpression | ts.ElementAccessExpression);
    case SyntaxKind.CallExpression: {
      // ['a', 'b'].join(', ') and constant string methods
      const c = e as ts.CallExpression;
      if (!ts.isPropertyAccessExpression(c.expression)) return undefined;
      const method = c.expression.name.text;
      const target = c.expression.expression;
      if (method === 'join' && ts.isArrayLiteralExpression(target)) {
        const parts = target.elements.map((x) => getStaticString(x));
        const sep = c.arguments[0] ? getStaticString(c.arguments[0]) : ',';
        return parts.every((p) => p !== undefined) && sep !== undefined ? parts.join(sep) : undefined;
      }
      if (['trim', 'toLowerCase', 'toUpperCase'].includes(method) && c.arguments.length === 0) {
        const v = getStaticString(target);
        return v === undefined ? undefined : method === 'trim' ? v.trim() : method === 'toLowerCase' ? v.toLowerCase() : v.toUpperCase();
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function staticIdentifier(id: ts.Identifier): string | undefined {
  const binding = resolveIdentifier(id);
  if (!binding) return undefined;
  const d = binding.declaration;
  if (binding.kind === 'const' && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer) return getStaticString(d.initializer);
  return undefined;
}

/** `TABLES.users` on a const object literal, or an enum member. */
function staticMember(e: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  const name = getMemberName(e);
  if (name === undefined || !ts.isIdentifier(e.expression)) return undefined;
  const binding = resolveIdentifier(e.expression);
  if (!binding) return undefined;
  const d = binding.declaration;
  if (binding.kind === 'enum' && ts.isEnumDeclaration(d)) return enumMember(d, name);
  if (binding.kind === 'const' && ts.isVariableDeclaration(d) && d.initializer) return tableEntry(d.initializer, name);
  return undefined;
}

function enumMember(d: ts.EnumDeclaration, name: string): string | undefined {
  const index = d.members.findIndex((m) => m.name.getText() === name);
  if (index < 0) return undefined;
  const member = d.members[index];
  return member.initializer ? getStaticString(member.initializer) : String(index);
}

/** The constant at `name` of an object literal (through `as const` and `satisfies`). */
function tableEntry(initializer: ts.Expression, name: string): string | undefined {
  let init = initializer;
  while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
  if (!ts.isObjectLiteralExpression(init)) return undefined;
  const prop = getObjectProperty(init, name);
  return prop && !ts.isMethodDeclaration(prop) ? getStaticString(prop) : undefined;
}

/**
 * `getStaticString`, also for an imported `const` string or a member of an enum or a `const` table imported from
 * another project file (`token[FieldNameApiToken.validUntil]` with the enum in a workspace package).
 */
export function getStaticKey(expr: ts.Expression, project: ProjectIndex): string | undefined {
  const local = getStaticString(expr);
  if (local !== undefined) return local;
  // an imported `export const SESSION_COOKIE = 'sf_session'`
  if (ts.isIdentifier(expr)) {
    const binding = resolveIdentifier(expr);
    const imported = binding ? getImportOf(binding) : undefined;
    if (!imported || imported.name === '*') return undefined;
    const file = project.resolveModule(expr.getSourceFile().fileName, imported.module);
    const decl = file ? getExportedDeclaration(project, file, imported.name) : undefined;
    const declaration = decl?.parent;
    if (!decl || !declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== decl || !(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
    return getStaticString(decl as ts.Expression);
  }
  if (!ts.isPropertyAccessExpression(expr) || !ts.isIdentifier(expr.expression)) return undefined;
  const binding = resolveIdentifier(expr.expression);
  const imported = binding ? getImportOf(binding) : undefined;
  if (!imported || imported.name === '*') return undefined;
  const file = project.resolveModule(expr.getSourceFile().fileName, imported.module);
  const decl = file ? getExportedDeclaration(project, file, imported.name) : undefined;
  if (!decl) return undefined;
  if (ts.isEnumDeclaration(decl)) return enumMember(decl, expr.name.text);
  // an exported variable gives its initializer (findExport): a `const` table; `let` tables may change
  const declaration = decl.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== decl || !(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
  return tableEntry(declaration.initializer, expr.name.text);
}

/** The constant text of a string-building expression with `?` for each varying part (for "does this look like SQL"). */
export function getStringSkeleton(expr: ts.Node, depth = 0): string {
  const constant = getStaticString(expr);
  if (constant !== undefined) return constant;
  if (depth > 6) return '?';
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isAwaitExpression(expr)) return getStringSkeleton(expr.expression, depth + 1);
  if (ts.isTemplateExpression(expr)) {
    return expr.head.text + expr.templateSpans.map((s) => getStringSkeleton(s.expression, depth + 1) + s.literal.text).join('');
  }
  if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === SyntaxKind.PlusToken || expr.operatorToken.kind === SyntaxKind.PlusEqualsToken)) {
    return getStringSkeleton(expr.left, depth + 1) + getStringSkeleton(expr.right, depth + 1);
  }
  if (ts.isIdentifier(expr)) {
    const binding = resolveIdentifier(expr);
    const d = binding?.declaration;
    if (binding && (binding.kind === 'let' || binding.kind === 'const' || binding.kind === 'var') && d && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer) {
      return getStringSkeleton(d.initializer, depth + 1);
    }
  }
  if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) {
    const m = expr.expression.name.text;
    if (m === 'join' || m === 'concat' || m === 'replace' || m === 'trim') return getStringSkeleton(expr.expression.expression, depth + 1) + expr.arguments.map((a) => getStringSkeleton(a, depth + 1)).join('');
  }
  return '?';
}
