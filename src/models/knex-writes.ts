/** knex writes: `knex('users').insert(values)`, `.update(values)`, `.upsert`, `.onConflict().merge(values)`. */
import type { StorageModel } from './persistence.js';

export const knexWrites: StorageModel = {
  library: 'knex',
  kind: 'database',
  packages: ['knex'],
  writes: {
    insert: { index: 0 },
    update: { index: 0, rest: true },
    upsert: { index: 0 },
    merge: { index: 0 },
    batchInsert: { index: 1 },
  },
  fix: "knex('users').insert({ email, password_hash: await bcrypt.hash(password, 12) })",
};
