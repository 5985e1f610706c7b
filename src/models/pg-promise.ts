/** pg-promise: query methods take SQL text; `:raw`/`^` placeholders insert values unescaped. */
import { ts } from 'ts-morph';
import type { SqlModel } from './types.js';

const RAW_PLACEHOLDER = /\$(?:\d+|\{\w+\}|\(\w+\)|<\w+>|\[\w+\]|\/\w+\/)(?::raw|\^)/;

export const pgPromise: SqlModel = {
  library: 'pg-promise',
  packages: ['pg-promise'],
  textMethods: { query: 0, none: 0, one: 0, oneOrNone: 0, many: 0, manyOrNone: 0, any: 0, result: 0, multi: 0, multiResult: 0, each: 0, map: 0, stream: 0 },
  escapeMethods: ['format'],
  extraSinkArguments(call) {
    const text = call.arguments[0];
    if (!text || !ts.isStringLiteralLike(text) || !RAW_PLACEHOLDER.test(text.text)) return [];
    return call.arguments[1] ? [call.arguments[1]] : [];
  },
  fix: "db.any('SELECT * FROM users WHERE name = $1', [name])",
};
