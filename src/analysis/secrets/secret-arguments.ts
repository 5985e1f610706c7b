/**
 * Parameters that take a secret by position: whatever literal is passed there is a hard-coded secret.
 * (Library facts as data; they would move to per-library models once a second rule needs them.)
 */

export interface SecretArgument {
  /** The called function or method name. */
  callee: string;
  /** Lowercased receiver names that qualify a method call (`jwt.sign`); a bare call (`sign(…)`) matches only when `bare` is set. */
  receivers?: string[];
  bare?: boolean;
  /** 0-based argument index. */
  argument: number;
  /** The property of an options object passed there (`session({ secret })`). */
  property?: string;
  /** How messages name it: "the secret of `jwt.sign`". */
  label: string;
  envVar: string;
}

const JWT_RECEIVERS = ['jwt', 'jsonwebtoken', 'jws', 'jose', 'fastjwt', 'jwtservice', 'jwtutil', 'jwtutils'];

export const SECRET_ARGUMENTS: SecretArgument[] = [
  { callee: 'sign', receivers: JWT_RECEIVERS, argument: 1, label: 'the secret of `jwt.sign`', envVar: 'JWT_SECRET' },
  { callee: 'verify', receivers: JWT_RECEIVERS, argument: 1, label: 'the secret of `jwt.verify`', envVar: 'JWT_SECRET' },
  { callee: 'createHmac', bare: true, argument: 1, label: 'the key of `createHmac`', envVar: 'HMAC_KEY' },
  { callee: 'createCipheriv', bare: true, argument: 1, label: 'the key of `createCipheriv`', envVar: 'ENCRYPTION_KEY' },
  { callee: 'createDecipheriv', bare: true, argument: 1, label: 'the key of `createDecipheriv`', envVar: 'ENCRYPTION_KEY' },
  { callee: 'createSecretKey', bare: true, argument: 0, label: 'the key of `createSecretKey`', envVar: 'SECRET_KEY' },
  { callee: 'encrypt', receivers: ['aes', 'tripledes', 'des', 'rabbit', 'rc4'], argument: 1, label: 'the key of `AES.encrypt`', envVar: 'ENCRYPTION_KEY' },
  { callee: 'decrypt', receivers: ['aes', 'tripledes', 'des', 'rabbit', 'rc4'], argument: 1, label: 'the key of `AES.decrypt`', envVar: 'ENCRYPTION_KEY' },
  { callee: 'HmacSHA256', receivers: ['cryptojs'], bare: true, argument: 1, label: 'the key of `HmacSHA256`', envVar: 'HMAC_KEY' },
  { callee: 'HmacSHA512', receivers: ['cryptojs'], bare: true, argument: 1, label: 'the key of `HmacSHA512`', envVar: 'HMAC_KEY' },
  { callee: 'cookieParser', bare: true, argument: 0, label: 'the secret of `cookieParser`', envVar: 'COOKIE_SECRET' },
  { callee: 'session', bare: true, argument: 0, property: 'secret', label: 'the `secret` of `session()`', envVar: 'SESSION_SECRET' },
  { callee: 'expressSession', bare: true, argument: 0, property: 'secret', label: 'the `secret` of `session()`', envVar: 'SESSION_SECRET' },
  { callee: 'cookieSession', bare: true, argument: 0, property: 'secret', label: 'the `secret` of `cookieSession()`', envVar: 'SESSION_SECRET' },
  { callee: 'expressjwt', bare: true, argument: 0, property: 'secret', label: 'the `secret` of `expressjwt()`', envVar: 'JWT_SECRET' },
  // database and cache clients: the password of the connection options
  { callee: 'createConnection', receivers: ['mysql', 'mysql2'], argument: 0, property: 'password', label: 'the `password` of `mysql.createConnection()`', envVar: 'DB_PASSWORD' },
  { callee: 'createPool', receivers: ['mysql', 'mysql2'], argument: 0, property: 'password', label: 'the `password` of `mysql.createPool()`', envVar: 'DB_PASSWORD' },
  { callee: 'Pool', bare: true, receivers: ['pg'], argument: 0, property: 'password', label: 'the `password` of `new Pool()`', envVar: 'PGPASSWORD' },
  { callee: 'Client', bare: true, receivers: ['pg'], argument: 0, property: 'password', label: 'the `password` of `new Client()`', envVar: 'PGPASSWORD' },
  { callee: 'Sequelize', bare: true, argument: 2, label: 'the password of `new Sequelize()`', envVar: 'DB_PASSWORD' },
  { callee: 'Sequelize', bare: true, argument: 0, property: 'password', label: 'the `password` of `new Sequelize()`', envVar: 'DB_PASSWORD' },
  { callee: 'DataSource', bare: true, receivers: ['typeorm'], argument: 0, property: 'password', label: 'the `password` of `new DataSource()`', envVar: 'DB_PASSWORD' },
  { callee: 'createClient', receivers: ['redis'], argument: 0, property: 'password', label: 'the `password` of `redis.createClient()`', envVar: 'REDIS_PASSWORD' },
  { callee: 'Redis', bare: true, receivers: ['ioredis'], argument: 0, property: 'password', label: 'the `password` of `new Redis()`', envVar: 'REDIS_PASSWORD' },
];

const byCallee = new Map<string, SecretArgument[]>();
for (const entry of SECRET_ARGUMENTS) {
  const list = byCallee.get(entry.callee) ?? [];
  list.push(entry);
  byCallee.set(entry.callee, list);
}

/** The secret parameter at this call, argument index and options property, or undefined. */
export function findSecretArgument(callee: string, receiver: string | undefined, argument: number, property?: string): SecretArgument | undefined {
  const list = byCallee.get(callee);
  if (!list) return undefined;
  const recv = receiver?.toLowerCase();
  return list.find(
    (e) => e.argument === argument && e.property === property && (recv === undefined ? e.bare === true : e.receivers ? e.receivers.includes(recv) : e.bare === true),
  );
}
