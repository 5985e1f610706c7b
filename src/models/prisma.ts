/** Prisma: `$queryRawUnsafe`/`$executeRawUnsafe` and `Prisma.raw` take SQL text; tagged `$queryRaw` and `Prisma.sql` are safe. */
import type { SqlModel } from './types.js';

export const prisma: SqlModel = {
  library: 'prisma',
  packages: ['@prisma/client', 'prisma'],
  textMethods: { $queryRawUnsafe: 0, $executeRawUnsafe: 0, raw: 0 },
  // called as a function (not a tagged template) with a built string
  builtOnlyMethods: { $queryRaw: 0, $executeRaw: 0 },
  fix: 'prisma.$queryRaw`SELECT * FROM users WHERE id = ${id}`',
};
