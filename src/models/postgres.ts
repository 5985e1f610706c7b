/** postgres (porsager): `sql.unsafe(text)` runs raw text; the tagged template `sql\`…\`` is parameterised. */
import type { SqlModel } from './types.js';

export const postgres: SqlModel = {
  library: 'postgres',
  packages: ['postgres'],
  textMethods: { unsafe: 0 },
  fix: 'sql`SELECT * FROM users WHERE id = ${id}`',
};
