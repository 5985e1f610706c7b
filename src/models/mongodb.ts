/** MongoDB Node.js driver writes on a collection: `insertOne`, `insertMany`, `updateOne`, `replaceOne`, … */
import type { StorageModel } from './persistence.js';

export const mongodbWrites: StorageModel = {
  library: 'MongoDB',
  kind: 'database',
  packages: ['mongodb'],
  writes: {
    insertOne: { index: 0 },
    insertMany: { index: 0 },
    updateOne: { index: 1 },
    updateMany: { index: 1 },
    replaceOne: { index: 1 },
    findOneAndUpdate: { index: 1 },
    findOneAndReplace: { index: 1 },
  },
  // db.collection('users') or a value typed Collection<User>
  roleOf: (path) => (path.some((p) => p.toLowerCase() === 'collection') ? 'collection' : undefined),
  fix: "db.collection('users').insertOne({ email, passwordHash: await bcrypt.hash(password, 12) })",
};
