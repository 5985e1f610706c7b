/** Constant evaluation of numbers: literals, `const` values, constant object members, arithmetic, `2 ** 14`, `Math.pow`. */
import { ts } from 'ts-morph';
import { resolveIdentifier } from './scope.js';
import { getStaticString } from './constant.js';
import { skipOuter } from './values.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

const MAX_DEPTH = 8;

/** The numeric value of a constant expression, or undefined when any part may vary at run time. */
export function getStaticNumber(expr: ts.Expression, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(expr);
  if (ts.isNumericLiteral(e)) return Number(e.text.replace(/_/g, ''));
  if (ts.isPrefixUnaryExpression(e) && e.operator === SyntaxKind.MinusToken) {
    const v = getStaticNumber(e.operand, depth + 1);
    return v === undefined ? undefined : -v;
  }
  if (ts.isBinaryExpression(e)) {
    const l = getStaticNumber(e.left, depth + 1);
    const r = l === undefined ? undefined : getStaticNumber(e.right, depth + 1);
    if (l === undefined || r === undefined) return undefined;
    switch (e.operatorToken.kind) {
      case SyntaxKind.PlusToken: return l + r;
      case SyntaxKind.MinusToken: return l - r;
      case SyntaxKind.AsteriskToken: return l * r;
      case SyntaxKind.SlashToken: return l / r;
      case SyntaxKind.AsteriskAsteriskToken: return l ** r;
      case SyntaxKind.LessThanLessThanToken: return l << r;
      default: return undefined;
    }
  }
  if (ts.isCallExpression(e)) {
    const callee = e.expression.getText();
    const args = e.arguments.map((a) => getStaticNumber(a, depth + 1));
    if (callee === 'Math.pow' && args.length === 2 && args[0] !== undefined && args[1] !== undefined) return args[0] ** args[1];
    // Number('8'), parseInt('8', 10)
    if ((callee === 'Number' || callee === 'parseInt') && e.arguments[0]) return getStaticNumber(e.arguments[0], depth + 1);
    return undefined;
  }
  if (ts.isIdentifier(e)) {
    const decl = resolveIdentifier(e)?.declaration;
    if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer && (decl.parent.flags & ts.NodeFlags.Const) !== 0) return getStaticNumber(decl.initializer, depth + 1);
    return undefined;
  }
  // config.bcrypt.rounds on a nested const object literal
  if (ts.isPropertyAccessExpression(e)) {
    const value = getConstMember(e, depth + 1);
    if (value) return getStaticNumber(value, depth + 1);
  }
  // CONFIG.saltRounds on a const object literal, enum members, '8'
  const text = getStaticString(e);
  if (text === undefined || !/^\s*-?\d[\d_]*(\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text.replace(/_/g, ''));
}

/** The initializer of `a.b.c` when `a` is a const object literal (through nested literals). */
function getConstMember(e: ts.PropertyAccessExpression, depth: number): ts.Expression | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const base = skipOuter(e.expression);
  let obj: ts.Expression | undefined;
  if (ts.isIdentifier(base)) {
    const decl = resolveIdentifier(base)?.declaration;
    if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer && (decl.parent.flags & ts.NodeFlags.Const) !== 0) obj = skipOuter(decl.initializer);
  } else if (ts.isPropertyAccessExpression(base)) {
    const inner = getConstMember(base, depth + 1);
    obj = inner && skipOuter(inner);
  }
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i];
    if (ts.isSpreadAssignment(p)) return undefined;
    if (ts.isPropertyAssignment(p) && p.name.getText() === e.name.text) return p.initializer;
  }
  return undefined;
}
