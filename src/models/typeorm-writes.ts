/** TypeORM writes: Repository/EntityManager `save`/`insert`/`update`/`upsert`, QueryBuilder `values`/`set`, and BaseEntity records. */
import type { StorageModel } from './persistence.js';

export const typeormWrites: StorageModel = {
  library: 'TypeORM',
  kind: 'database',
  packages: ['typeorm', '@nestjs/typeorm'],
  writes: {
    save: { index: 0, rest: true },
    insert: { index: 0, rest: true },
    update: { index: 1, rest: true },
    upsert: { index: 0 },
    values: { index: 0 },
    set: { index: 0 },
  },
  instanceWrites: { save: 'self' },
  // `repo.create(dto)` and `repo.merge(user, dto)` build an entity that a later `save` stores
  builders: { create: 0, merge: 1, preload: 0 },
  // Active Record entities; custom repositories (`class UserRepository extends Repository<User>`)
  baseClasses: { BaseEntity: 'record', Repository: 'collection' },
  fix: 'repo.save({ email, passwordHash: await bcrypt.hash(password, 12) })',
};
