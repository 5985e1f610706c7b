/** mssql (tedious): `request.query(text)` and `batch`; its tagged template `sql.query\`…\`` is parameterised. */
import type { SqlModel } from './types.js';

export const mssql: SqlModel = {
  library: 'mssql',
  packages: ['mssql'],
  textMethods: { query: 0, batch: 0 },
  fix: "pool.request().input('id', sql.Int, id).query('SELECT * FROM users WHERE id = @id')",
};
