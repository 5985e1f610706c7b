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
    // driver 2.x/3.x, still common in older apps
    insert: { index: 0 },
    update: { index: 1 },
  },
  // db.collection('users') or a value typed Collection<User>
  roleOf: (path) => (path.some((p) => p.toLowerCase() === 'collection') ? 'collection' : undefined),
  // db.collection('users') on a `db` the analysis cannot trace (set in a connect callback): the call names the driver API
  namedReceivers: [
    {
      receiver: /\.collection\((['"`])[\w.-]+\1\)$/,
      writes: { insertOne: { index: 0 }, insertMany: { index: 0 }, insert: { index: 0 }, updateOne: { index: 1 }, updateMany: { index: 1 }, update: { index: 1 }, replaceOne: { index: 1 }, findOneAndUpdate: { index: 1 }, findOneAndReplace: { index: 1 } },
    },
  ],
  fix: "db.collection('users').insertOne({ email, passwordHash: await bcrypt.hash(password, 12) })",
};
