/** drizzle-orm and kysely: `sql.raw(text)` inserts raw SQL; their tagged `sql\`…\`` is parameterised. */
import type { SqlModel } from './types.js';

export const drizzle: SqlModel = {
  library: 'drizzle-orm',
  packages: ['drizzle-orm', 'kysely'],
  textMethods: { raw: 0 },
  fix: 'db.execute(sql`SELECT * FROM users WHERE id = ${id}`)',
};
