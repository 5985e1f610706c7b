/** pg-format: `format('… %L …', value)` quotes literals and `%I` identifiers; `%s` inserts raw text. */
import { ts } from 'ts-morph';
import type { SqlModel } from './types.js';

export const pgFormat: SqlModel = {
  library: 'pg-format',
  packages: ['pg-format'],
  textMethods: {},
  escapeMethods: ['literal', 'ident', 'quoteLiteral', 'quoteIdent'],
  isSafeCall(call) {
    const first = call.arguments[0];
    if (!first || !ts.isStringLiteralLike(first)) return false;
    // every placeholder escapes: %L (literal) or %I (identifier), no raw %s
    return !/%s/.test(first.text) && /%[LI]/.test(first.text);
  },
  rawFormatArguments(call) {
    const callee = call.expression;
    // format(fmt, a, b) or format.withArray(fmt, [a, b])
    const withArray = ts.isPropertyAccessExpression(callee) && callee.name.text === 'withArray';
    if (ts.isPropertyAccessExpression(callee) && !withArray) return undefined;
    const [text, ...rest] = call.arguments;
    if (!text) return undefined;
    const list = withArray ? rest[0] : undefined;
    if (list && !ts.isArrayLiteralExpression(list)) return !ts.isStringLiteralLike(text) || /%s/.test(text.text) ? [list] : [];
    const values = list && ts.isArrayLiteralExpression(list) ? [...list.elements] : rest;
    // a format text that is not constant: every value may land raw
    if (!ts.isStringLiteralLike(text)) return values;
    const raw: ts.Expression[] = [];
    let next = 0;
    for (const m of text.text.matchAll(/%(?:(\d+)\$)?([sILQ%])/g)) {
      if (m[2] === '%') continue;
      const value = values[m[1] ? Number(m[1]) - 1 : next++];
      if (m[2] === 's' && value) raw.push(value);
    }
    return raw;
  },
  fix: "format('SELECT * FROM %I WHERE name = %L', table, name)",
};
