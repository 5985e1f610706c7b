/**
 * Libraries that persist values (ORMs, drivers, files, browser storage, cookies, caches), as data: which methods store
 * which arguments, and how a receiver is recognised from the package it comes from.
 */
import { sequelizeWrites } from './sequelize-writes.js';
import { typeormWrites } from './typeorm-writes.js';
import { prismaWrites } from './prisma-writes.js';
import { mongooseWrites } from './mongoose.js';
import { mongodbWrites } from './mongodb.js';
import { knexWrites } from './knex-writes.js';
import { fsWrites, browserStorage, cookieWrites, redisWrites, cacheManagerWrites } from './storage.js';

/** Where a write call keeps its values. */
export interface StoredArgument {
  /** Argument index. */
  index: number;
  /** Every argument from `index` on (`redis.hset(key, field, value, …)`, `manager.insert(User, values)`). */
  rest?: boolean;
  /** Properties of an options object that hold the values (Prisma `{ data }`, upsert `{ create, update }`). */
  properties?: string[];
}

/** Where the value ends up, for messages and the fix. */
export type StorageKind = 'database' | 'file' | 'browser' | 'cookie' | 'cache';

/** What a receiver is: a model, repository, table or client (`collection`), or one record (`instance`). */
export type ReceiverRole = 'collection' | 'instance';

/** A library whose calls persist values. */
export interface StorageModel {
  library: string;
  kind: StorageKind;
  /** Package names (as imported or required; `node:` and subpaths stripped). */
  packages: string[];
  /** Methods of a collection (model class, repository, client, table builder) → the stored arguments. */
  writes: Record<string, StoredArgument>;
  /** Methods of one record → the stored arguments, or 'self' when the record itself is saved (`user.save()`). */
  instanceWrites?: Record<string, StoredArgument | 'self'>;
  /** Methods that return an unsaved record built from an argument (`repo.create(dto)`, `User.build(values)`). */
  builders?: Record<string, number>;
  /** The role of a value from the packages, by its member/call path (`['model', '()']` → collection); default: collection. */
  roleOf?(path: string[]): ReceiverRole | undefined;
  /**
   * Imported base classes that make a project class part of the model. 'record': the class is a collection and its
   * instances are records (`class User extends Model`); 'collection': its instances are collections (`extends Repository`).
   */
  baseClasses?: Record<string, 'record' | 'collection'>;
  /** Global objects carrying the writes, without an import (`localStorage`). */
  globals?: string[];
  /** Writes recognised by the receiver's text when its origin is unknown (`res.cookie`, `ctx.cookies.set`). */
  namedReceivers?: Array<{ receiver: RegExp; writes: Record<string, StoredArgument> }>;
  /** Example of storing the hash instead, for the fix. */
  fix: string;
}

/** Every storage model, in the order they are tried. */
export const storageModels: StorageModel[] = [
  sequelizeWrites,
  typeormWrites,
  prismaWrites,
  mongooseWrites,
  mongodbWrites,
  knexWrites,
  fsWrites,
  browserStorage,
  cookieWrites,
  redisWrites,
  cacheManagerWrites,
];

/**
 * Write methods accepted on a receiver of unknown origin (an untyped parameter, a global, an unresolved import) when the
 * receiver's name reads as a model or repository (`User`, `userRepository`) and the stored object literal has a password
 * key: ORM-shaped code whose library cannot be seen.
 */
export const GENERIC_MODEL_WRITES: Record<string, StoredArgument> = {
  create: { index: 0 },
  insert: { index: 0 },
  insertOne: { index: 0 },
  insertMany: { index: 0 },
  save: { index: 0 },
  bulkCreate: { index: 0 },
  upsert: { index: 0 },
  update: { index: 0, rest: true },
  updateOne: { index: 1 },
  findOneAndUpdate: { index: 1 },
  findByIdAndUpdate: { index: 1 },
};

/** A receiver name that reads as a model, repository or collection: `User`, `UserModel`, `usersRepo`, `userCollection`. */
export function isModelLikeName(name: string): boolean {
  if (NON_MODEL_NOUN.test(name)) return false;
  return /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*$/.test(name) || /(?:model|repository|repo|collection|entity)s?$/i.test(name);
}

/** Interface and infrastructure objects, whose `create(config)` builds a widget or a connection: `SecureIframe`, `LoginModal`, `ApiClient`. */
const NON_MODEL_NOUN = /(?:Iframe|Frame|Modal|Dialog|Window|Widget|Component|Element|View|Panel|Button|Editor|Worker|Channel|Socket|Stream|Client|Server|Factory|Builder|Helper|Util|Utils|Service)$/;

/** The model of a package. */
export function getStorageModel(pkg: string): StorageModel | undefined {
  return storageModels.find((m) => m.packages.includes(pkg));
}

/** Every method name some storage model writes with: the cheap filter before any analysis. */
export const STORAGE_METHODS = new Set<string>([
  ...Object.keys(GENERIC_MODEL_WRITES),
  ...storageModels.flatMap((m) => [...Object.keys(m.writes), ...Object.keys(m.instanceWrites ?? {}), ...(m.namedReceivers ?? []).flatMap((r) => Object.keys(r.writes))]),
]);
