/** Non-database storage: files (fs, fs-extra), browser storage, cookies, Redis and cache-manager. */
import type { StorageModel } from './persistence.js';

/** `fs.writeFile(path, data)`, `fs.promises.appendFile`, fs-extra `outputFile`/`writeJson`, `createWriteStream(p).write(data)`. */
export const fsWrites: StorageModel = {
  library: 'fs',
  kind: 'file',
  // 'node:fs/promises' keeps its subpath
  packages: ['fs', 'fs/promises', 'fs-extra', 'graceful-fs'],
  writes: {
    writeFile: { index: 1 },
    writeFileSync: { index: 1 },
    appendFile: { index: 1 },
    appendFileSync: { index: 1 },
    outputFile: { index: 1 },
    outputFileSync: { index: 1 },
    writeJson: { index: 1 },
    writeJsonSync: { index: 1 },
    outputJson: { index: 1 },
    outputJsonSync: { index: 1 },
    write: { index: 0, rest: true },
  },
  fix: "fs.writeFileSync(file, JSON.stringify({ user, passwordHash: await bcrypt.hash(password, 12) }))",
};

/** `localStorage.setItem(key, value)`, `sessionStorage`, React Native AsyncStorage. */
export const browserStorage: StorageModel = {
  library: 'Web Storage',
  kind: 'browser',
  packages: ['@react-native-async-storage/async-storage'],
  globals: ['localStorage', 'sessionStorage'],
  writes: { setItem: { index: 1 } },
  fix: "localStorage.setItem('session', sessionToken)",
};

/** Cookies: Express `res.cookie`, Fastify `reply.setCookie`, Koa `ctx.cookies.set`, Next.js `cookies().set`, js-cookie, nookies. */
export const cookieWrites: StorageModel = {
  library: 'cookies',
  kind: 'cookie',
  packages: ['js-cookie', 'cookies-next', 'nookies', 'universal-cookie', 'react-cookie'],
  writes: { set: { index: 1 }, setCookie: { index: 1, rest: true } },
  namedReceivers: [
    { receiver: /^(res|response|reply|ctx\.res|context\.res)$/, writes: { cookie: { index: 1 }, setCookie: { index: 1 } } },
    { receiver: /(^|\.)cookies(\(\))?$/i, writes: { set: { index: 1 } } },
  ],
  fix: "res.cookie('session', sessionToken, { httpOnly: true, secure: true })",
};

/** Redis clients (node-redis, ioredis, Upstash): string, hash and list writes. */
export const redisWrites: StorageModel = {
  library: 'Redis',
  kind: 'cache',
  packages: ['redis', 'ioredis', '@redis/client', '@upstash/redis'],
  writes: {
    set: { index: 1 },
    setnx: { index: 1 },
    setNX: { index: 1 },
    getset: { index: 1 },
    setex: { index: 2 },
    setEx: { index: 2 },
    psetex: { index: 2 },
    hset: { index: 1, rest: true },
    hSet: { index: 1, rest: true },
    hmset: { index: 1, rest: true },
    hsetnx: { index: 1, rest: true },
    mset: { index: 0, rest: true },
    mSet: { index: 0, rest: true },
    lpush: { index: 1, rest: true },
    rpush: { index: 1, rest: true },
    lPush: { index: 1, rest: true },
    rPush: { index: 1, rest: true },
    sadd: { index: 1, rest: true },
    sAdd: { index: 1, rest: true },
  },
  fix: "redis.set(`user:${id}`, JSON.stringify({ id, email }))",
};

/** cache-manager (and the NestJS cache module): `cache.set(key, value)`. */
export const cacheManagerWrites: StorageModel = {
  library: 'cache-manager',
  kind: 'cache',
  packages: ['cache-manager', '@nestjs/cache-manager'],
  writes: { set: { index: 1 }, mset: { index: 0, rest: true } },
  fix: "cache.set(`user:${id}`, { id, email })",
};
