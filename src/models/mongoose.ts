/** Mongoose writes: model statics (`create`, `insertMany`, `updateOne`, `findOneAndUpdate`, …) and document `save`. */
import type { StorageModel } from './persistence.js';

export const mongooseWrites: StorageModel = {
  library: 'Mongoose',
  kind: 'database',
  packages: ['mongoose', '@nestjs/mongoose'],
  writes: {
    create: { index: 0 },
    insertMany: { index: 0 },
    updateOne: { index: 1 },
    updateMany: { index: 1 },
    findOneAndUpdate: { index: 1 },
    findByIdAndUpdate: { index: 1 },
    replaceOne: { index: 1 },
    findOneAndReplace: { index: 1 },
  },
  instanceWrites: { save: 'self', updateOne: { index: 0 } },
  // model('User', schema) or an injected Model<User> is a model; `new User(doc)` and `await User.findById(id)` are documents
  roleOf(path) {
    let end = -1;
    for (let i = 0; i < path.length; i++) {
      if (path[i] === 'model' && path[i + 1] === '()') end = i + 2;
      if ((path[i] === 'Model' && path[i + 1] === 'instance') || (path[i] === 'InjectModel' && path[i + 1] === 'inject')) end = i + 2;
    }
    if (end < 0) return undefined;
    const rest = path.slice(end);
    if (!rest.length) return 'collection';
    return rest[0] === 'new' || rest.includes('()') ? 'instance' : undefined;
  },
  fix: 'User.create({ email, passwordHash: await bcrypt.hash(password, 12) })',
};
