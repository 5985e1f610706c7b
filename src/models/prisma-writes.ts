/** Prisma Client writes: `prisma.<model>.create|createMany|update|updateMany|upsert` with the values under `data`. */
import type { StorageModel } from './persistence.js';

export const prismaWrites: StorageModel = {
  library: 'Prisma',
  kind: 'database',
  packages: ['@prisma/client'],
  writes: {
    create: { index: 0, properties: ['data'] },
    createMany: { index: 0, properties: ['data'] },
    createManyAndReturn: { index: 0, properties: ['data'] },
    update: { index: 0, properties: ['data'] },
    updateMany: { index: 0, properties: ['data'] },
    upsert: { index: 0, properties: ['create', 'update'] },
  },
  // new PrismaClient().user (or a value typed PrismaClient) is a model delegate
  roleOf(path) {
    const client = Math.max(path.lastIndexOf('new'), path.lastIndexOf('instance'));
    return client >= 0 && path.length === client + 2 ? 'collection' : undefined;
  },
  fix: 'prisma.user.create({ data: { email, passwordHash: await bcrypt.hash(password, 12) } })',
};
