/** mariadb connector: `query`, `execute`, `batch` take SQL text. */
import type { SqlModel } from './types.js';

export const mariadb: SqlModel = {
  library: 'mariadb',
  packages: ['mariadb'],
  textMethods: { query: 0, execute: 0, batch: 0, queryStream: 0 },
  escapeMethods: ['escape', 'escapeId'],
  fix: "conn.query('SELECT * FROM users WHERE id = ?', [id])",
};
