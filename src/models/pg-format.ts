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
  fix: "format('SELECT * FROM %I WHERE name = %L', table, name)",
};
