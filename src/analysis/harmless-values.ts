/**
 * Values that cannot be a secret's text, and calls that clean one: constants, flags, counts, comparisons, masks
 * (`token.slice(-4)`), hashes, redaction helpers (`redact`, `maskEmail`, `toSafeUser`), and results of actions (`sendEmail()`).
 */
import { ts } from 'ts-morph';
import { resolveIdentifier } from './scope.js';
import { getMemberName, skipOuter } from './values.js';
import { getStaticString } from './constant.js';
import { isDerivedSensitiveName, splitWords } from './sensitive.js';
import { isNonTextType } from './sensitive-types.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** Methods that cut a part out: a prefix or suffix of a secret is how it is masked, a slice of an array keeps its objects. */
export const PART_METHODS = new Set(['slice', 'substring', 'substr', 'at', 'charAt']);
/** Methods returning booleans, numbers, positions, or where a server listens (`server.address()`). */
export const NON_TEXT_METHODS = new Set([
  'includes', 'startsWith', 'endsWith', 'test', 'has', 'some', 'every', 'indexOf', 'lastIndexOf', 'findIndex', 'localeCompare', 'compare', 'compareSync',
  'isValid', 'cwd', 'address', 'now', 'getTime', 'hasOwnProperty', 'match', 'search', 'timingSafeEqual',
]);
/** Word stems of functions that clean a value for logs (project helpers and libraries alike). */
const REDACTING_WORDS = /^(redact|mask|sanitiz|sanitis|scrub|censor|obfuscat|anonymi|pseudonymi|hash|digest|encrypt|strip|hide|safe|public|fingerprint|omit)/;
/** Verbs whose call returns an outcome, not the thing named: `const email = await sendEmail(…)`, `const token = verifyToken(t)`. */
const ACTION_VERBS = new Set(['send', 'verify', 'validate', 'check', 'compare', 'delete', 'remove', 'revoke', 'update', 'save', 'store', 'queue', 'notify', 'emit', 'dispatch', 'publish', 'track', 'is', 'has', 'can', 'should', 'invalidate', 'rotate', 'schedule', 'log', 'print']);

/** True for a call of an action verb: its result is an outcome. */
export function isActionResult(call: ts.CallExpression): boolean {
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  const first = splitWords(name)[0];
  return first !== undefined && ACTION_VERBS.has(first);
}

/** True when a value cannot be a secret's text: constants, flags, counts, comparisons, masks, hashes, derived names. */
export function isHarmless(expr: ts.Expression, depth = 0): boolean {
  if (depth > 6) return false;
  const e = skipOuter(expr);
  if (isConstant(e)) return true;
  switch (e.kind) {
    case SyntaxKind.PrefixUnaryExpression:
    case SyntaxKind.PostfixUnaryExpression:
    case SyntaxKind.TypeOfExpression:
    case SyntaxKind.VoidExpression:
    case SyntaxKind.DeleteExpression:
      return true;
    case SyntaxKind.ConditionalExpression: {
      const c = e as ts.ConditionalExpression;
      return isHarmless(c.whenTrue, depth + 1) && isHarmless(c.whenFalse, depth + 1);
    }
    case SyntaxKind.TemplateExpression:
      return (e as ts.TemplateExpression).templateSpans.every((s) => isHarmless(s.expression, depth + 1));
    case SyntaxKind.BinaryExpression: {
      const b = e as ts.BinaryExpression;
      const op = b.operatorToken.kind;
      if (op === SyntaxKind.PlusToken || op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) return isHarmless(b.left, depth + 1) && isHarmless(b.right, depth + 1);
      if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.EqualsToken || op === SyntaxKind.CommaToken) return isHarmless(b.right, depth + 1);
      return true;
    }
    case SyntaxKind.PropertyAccessExpression:
    case SyntaxKind.ElementAccessExpression: {
      const name = getMemberName(e as ts.PropertyAccessExpression);
      return name === 'length' || name === 'size' || (name !== undefined && isDerivedSensitiveName(name));
    }
    case SyntaxKind.Identifier: {
      const binding = resolveIdentifier(e as ts.Identifier);
      if (!binding) return false;
      if (isDerivedSensitiveName(binding.name)) return true;
      const d = binding.declaration;
      if ((ts.isParameter(d) || ts.isVariableDeclaration(d)) && d.type && ts.isIdentifier(d.name) && isNonTextType(d.type, undefined)) return true;
      return binding.kind === 'const' && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && !!d.initializer && isHarmless(d.initializer, depth + 1);
    }
    case SyntaxKind.CallExpression: {
      const callee = (e as ts.CallExpression).expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      if (isRedactingName(name) || NON_TEXT_METHODS.has(name) || PART_METHODS.has(name)) return true;
      if (ts.isIdentifier(callee) && ['Number', 'parseInt', 'parseFloat', 'Boolean', 'isNaN'].includes(name) && !resolveIdentifier(callee)) return true;
      return ts.isPropertyAccessExpression(callee) && ['Math', 'Date', 'Number'].includes(callee.expression.getText());
    }
    case SyntaxKind.NewExpression:
      return (e as ts.NewExpression).expression.getText() === 'Date';
    default:
      return false;
  }
}

/** A function whose name says it cleans its input: `redact`, `maskEmail`, `sanitizeUser`, `toSafeUser`, `bcrypt.hash`. */
export function isRedactingName(name: string): boolean {
  return splitWords(name).some((w) => REDACTING_WORDS.test(w));
}

/** Literals: numbers, booleans, null, `undefined`, regular expressions and static strings. */
export function isConstant(e: ts.Expression): boolean {
  switch (e.kind) {
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.BigIntLiteral:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
    case SyntaxKind.RegularExpressionLiteral:
      return true;
    default:
      return (ts.isIdentifier(e) && e.text === 'undefined') || getStaticString(e) !== undefined;
  }
}
