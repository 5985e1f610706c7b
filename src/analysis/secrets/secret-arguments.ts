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
  /**
   * A signing or encryption key: any constant there is the key in use (`jwt.sign(p, 'secret')` lets anyone forge
   * tokens), so stand-in words count too; connection passwords (`password: 'postgres'` for a local database) do not.
   */
  key?: boolean;
}

const JWT_RECEIVERS = ['jwt', 'jsonwebtoken', 'jws', 'jose', 'fastjwt', 'jwtservice', 'jwtutil', 'jwtutils'];

export const SECRET_ARGUMENTS: SecretArgument[] = [
  { callee: 'sign', receivers: JWT_RECEIVERS, argument: 1, label: 'the secret of `jwt.sign`', envVar: 'JWT_SECRET', key: true },
  { callee: 'verify', receivers: JWT_RECEIVERS, argument: 1, label: 'the secret of `jwt.verify`', envVar: 'JWT_SECRET', key: true },
  { callee: 'createHmac', bare: true, argument: 1, label: 'the key of `createHmac`', envVar: 'HMAC_KEY', key: true },
  { callee: 'createCipheriv', bare: true, argument: 1, label: 'the key of `createCipheriv`', envVar: 'ENCRYPTION_KEY', key: true },
  { callee: 'createDecipheriv', bare: true, argument: 1, label: 'the key of `createDecipheriv`', envVar: 'ENCRYPTION_KEY', key: true },
  { callee: 'createSecretKey', bare: true, argument: 0, label: 'the key of `createSecretKey`', envVar: 'SECRET_KEY', key: true },
  { callee: 'encrypt', receivers: ['aes', 'tripledes', 'des', 'rabbit', 'rc4'], argument: 1, label: 'the key of `AES.encrypt`', envVar: 'ENCRYPTION_KEY', key: true },
  { callee: 'decrypt', receivers: ['aes', 'tripledes', 'des', 'rabbit', 'rc4'], argument: 1, label: 'the key of `AES.decrypt`', envVar: 'ENCRYPTION_KEY', key: true },
  { callee: 'HmacSHA256', receivers: ['cryptojs'], bare: true, argument: 1, label: 'the key of `HmacSHA256`', envVar: 'HMAC_KEY', key: true },
  { callee: 'HmacSHA512', receivers: ['cryptojs'], bare: true, argument: 1, label: 'the key of `HmacSHA512`', envVar: 'HMAC_KEY', key: true },
  { callee: 'cookieParser', bare: true, argument: 0, label: 'the secret of `cookieParser`', envVar: 'COOKIE_SECRET', key: true },
  { callee: 'session', bare: true, argument: 0, property: 'secret', label: 'the `secret` of `session()`', envVar: 'SESSION_SECRET', key: true },
  { callee: 'expressSession', bare: true, argument: 0, property: 'secret', label: 'the `secret` of `session()`', envVar: 'SESSION_SECRET', key: true },
  { callee: 'cookieSession', bare: true, argument: 0, property: 'secret', label: 'the `secret` of `cookieSession()`', envVar: 'SESSION_SECRET', key: true },
  { callee: 'expressjwt', bare: true, argument: 0, property: 'secret', label: 'the `secret` of `expressjwt()`', envVar: 'JWT_SECRET', key: true },
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
  { callee: 'knex', bare: true, argument: 0, property: 'connection.password', label: 'the `connection.password` of `knex()`', envVar: 'DB_PASSWORD' },
  { callee: 'createConnection', bare: true, receivers: ['typeorm'], argument: 0, property: 'password', label: 'the `password` of `createConnection()`', envVar: 'DB_PASSWORD' },
  // mail and messaging clients
  { callee: 'createTransport', receivers: ['nodemailer'], argument: 0, property: 'auth.pass', label: 'the `auth.pass` of `nodemailer.createTransport()`', envVar: 'SMTP_PASSWORD' },
  { callee: 'createTransport', bare: true, argument: 0, property: 'auth.pass', label: 'the `auth.pass` of `createTransport()`', envVar: 'SMTP_PASSWORD' },
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
