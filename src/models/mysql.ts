/** mysql and mysql2 (callback and promise APIs): `query`/`execute` take SQL text; `?` placeholders plus values are safe. */
import type { SqlModel } from './types.js';

export const mysql: SqlModel = {
  library: 'mysql',
  packages: ['mysql', 'mysql2'],
  textMethods: { query: 0, execute: 0 },
  escapeMethods: ['escape', 'escapeId'],
  fix: "connection.execute('SELECT * FROM users WHERE id = ?', [id])",
};
