/** Sequelize: `sequelize.query` and `Sequelize.literal` take SQL text; `replacements` and `bind` are parameters. */
import type { SqlModel } from './types.js';

export const sequelize: SqlModel = {
  library: 'sequelize',
  packages: ['sequelize', 'sequelize-typescript'],
  textMethods: { query: 0, literal: 0 },
  escapeMethods: ['escape'],
  fix: "sequelize.query('SELECT * FROM users WHERE id = :id', { replacements: { id } })",
};
