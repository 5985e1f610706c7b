/** Every SQL library model, and the method names any raw-query API uses (for receivers of unknown origin). */
import { pg } from './pg.js';
import { pgFormat } from './pg-format.js';
import { mysql } from './mysql.js';
import { mariadb } from './mariadb.js';
import { sqlite } from './sqlite.js';
import { knex } from './knex.js';
import { sequelize } from './sequelize.js';
import { typeorm } from './typeorm.js';
import { prisma } from './prisma.js';
import { mssql } from './mssql.js';
import { postgres } from './postgres.js';
import { pgPromise } from './pg-promise.js';
import { drizzle } from './drizzle.js';
import type { SqlModel } from './types.js';

export const sqlModels: SqlModel[] = [pg, pgFormat, mysql, mariadb, sqlite, knex, sequelize, typeorm, prisma, mssql, postgres, pgPromise, drizzle];

/** Method names that run SQL text whatever the library; used only when the text itself reads as SQL. */
export const GENERIC_QUERY_METHODS: Record<string, number> = {
  query: 0,
  execute: 0,
  exec: 0,
  raw: 0,
  unsafe: 0,
  prepare: 0,
  whereRaw: 0,
  orWhereRaw: 0,
  andWhereRaw: 0,
  orderByRaw: 0,
  groupByRaw: 0,
  havingRaw: 0,
  orHavingRaw: 0,
  joinRaw: 0,
  selectRaw: 0,
  fromRaw: 0,
  $queryRawUnsafe: 0,
  $executeRawUnsafe: 0,
  all: 0,
  run: 0,
  get: 0,
};

/**
 * Methods whose names alone say they run unescaped SQL, whatever the receiver: Prisma's `…Unsafe`, and the `…Raw`
 * builder methods of knex and the libraries built on it (Objection's `Person.query().whereRaw(…)`, Bookshelf), whose
 * argument is a fragment (`name = '…'`) rather than a statement that reads as SQL.
 */
export const UNSAFE_BY_NAME = new Set([
  '$queryRawUnsafe', '$executeRawUnsafe',
  'whereRaw', 'orWhereRaw', 'andWhereRaw', 'orderByRaw', 'groupByRaw', 'havingRaw', 'orHavingRaw', 'joinRaw', 'selectRaw', 'fromRaw',
]);

/** Finds the model for a package name. */
export function getSqlModel(pkg: string): SqlModel | undefined {
  return sqlModels.find((m) => m.packages.includes(pkg));
}
