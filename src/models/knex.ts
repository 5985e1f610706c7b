/** knex: the `…Raw` builders and `knex.raw` take SQL text; `?` and `??` bindings are safe. */
import type { SqlModel } from './types.js';

export const knex: SqlModel = {
  library: 'knex',
  packages: ['knex'],
  textMethods: {
    raw: 0,
    whereRaw: 0,
    orWhereRaw: 0,
    andWhereRaw: 0,
    havingRaw: 0,
    orHavingRaw: 0,
    orderByRaw: 0,
    groupByRaw: 0,
    joinRaw: 0,
    fromRaw: 0,
    selectRaw: 0,
    onRaw: 0,
  },
  escapeMethods: ['ref'],
  fix: "knex('users').whereRaw('name = ?', [name])",
};
