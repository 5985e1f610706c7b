/** node-postgres: `Client`, `Pool` and `PoolClient` `query` take SQL text; `$1` placeholders plus a values array are safe. */
import type { SqlModel } from './types.js';

export const pg: SqlModel = {
  library: 'pg',
  packages: ['pg', 'pg-pool'],
  textMethods: { query: 0 },
  escapeMethods: ['escapeLiteral', 'escapeIdentifier'],
  fix: "pool.query('SELECT * FROM users WHERE id = $1', [id])",
};
