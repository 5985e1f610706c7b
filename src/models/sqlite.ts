/** sqlite3, sqlite and better-sqlite3: statements are prepared from SQL text. */
import type { SqlModel } from './types.js';

export const sqlite: SqlModel = {
  library: 'sqlite',
  packages: ['sqlite3', 'sqlite', 'better-sqlite3'],
  textMethods: { run: 0, get: 0, all: 0, each: 0, exec: 0, prepare: 0 },
  statementFactories: ['prepare'],
  fix: "db.prepare('SELECT * FROM users WHERE id = ?').get(id)",
};
