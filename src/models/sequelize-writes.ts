/** Sequelize writes: model statics (`create`, `bulkCreate`, `update`, `upsert`) and instance `save`/`update`/`set`. */
import type { StorageModel } from './persistence.js';

export const sequelizeWrites: StorageModel = {
  library: 'Sequelize',
  kind: 'database',
  packages: ['sequelize', 'sequelize-typescript'],
  writes: {
    create: { index: 0 },
    bulkCreate: { index: 0 },
    update: { index: 0 },
    upsert: { index: 0 },
    findOrCreate: { index: 0, properties: ['defaults'] },
  },
  instanceWrites: { save: 'self', update: { index: 0 } },
  builders: { build: 0 },
  // sequelize.define('User', …) and sequelize.models.User are models; a call on one (build, findByPk) gives a record
  roleOf(path) {
    const define = path.lastIndexOf('define');
    const models = path.lastIndexOf('models');
    const end = define >= 0 && path[define + 1] === '()' ? define + 2 : models >= 0 ? models + 2 : -1;
    if (end < 0 || end > path.length) return undefined;
    const rest = path.slice(end);
    if (!rest.length) return 'collection';
    return rest.includes('()') || rest.includes('new') ? 'instance' : undefined;
  },
  baseClasses: { Model: 'record' },
  fix: 'User.create({ email, passwordHash: await bcrypt.hash(password, 12) })',
};
