/**
 * TypeORM: `query` on DataSource, EntityManager, Repository and QueryRunner; QueryBuilder ordering and grouping, whose
 * column text goes into the SQL as given (`orderBy(req.query.sort)`; the direction argument is checked by TypeORM);
 * QueryBuilder conditions and selections given a built string (they also take objects and parameterised text).
 */
import type { SqlModel } from './types.js';

export const typeorm: SqlModel = {
  library: 'typeorm',
  packages: ['typeorm', '@nestjs/typeorm'],
  textMethods: { query: 0, orderBy: 0, addOrderBy: 0, groupBy: 0, addGroupBy: 0 },
  builtOnlyMethods: {
    where: 0,
    andWhere: 0,
    orWhere: 0,
    having: 0,
    andHaving: 0,
    orHaving: 0,
    select: 0,
    addSelect: 0,
    innerJoin: 2,
    leftJoin: 2,
    innerJoinAndSelect: 2,
    leftJoinAndSelect: 2,
  },
  fix: "repo.createQueryBuilder('u').where('u.name = :name', { name })",
};
