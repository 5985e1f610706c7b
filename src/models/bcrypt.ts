/** bcrypt, bcryptjs, bcrypt-ts and @node-rs/bcrypt: `hash(password, rounds)`, `genSalt(rounds)`; rounds below 10 are too cheap. */
import type { HashModel } from './password-hashing.js';

const HASH_ROUNDS = { name: 'cost', argument: 1, minimum: 10 };
const SALT_ROUNDS = { name: 'cost', argument: 0, minimum: 10, defaultValue: 10 };

export const bcrypt: HashModel = {
  library: 'bcrypt',
  packages: ['bcrypt', 'bcryptjs', 'bcrypt-ts', '@node-rs/bcrypt', 'bcrypt-nodejs'],
  functions: [
    { path: ['hash'], kind: 'slow', input: 0, algorithm: 'bcrypt', cost: [HASH_ROUNDS] },
    { path: ['hashSync'], kind: 'slow', input: 0, algorithm: 'bcrypt', cost: [HASH_ROUNDS] },
    { path: ['genSalt'], kind: 'salt', algorithm: 'bcrypt', cost: [SALT_ROUNDS] },
    { path: ['genSaltSync'], kind: 'salt', algorithm: 'bcrypt', cost: [SALT_ROUNDS] },
  ],
  fix: 'await bcrypt.hash(password, 12)',
};
