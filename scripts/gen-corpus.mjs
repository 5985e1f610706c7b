#!/usr/bin/env node
/**
 * Generates a deterministic benchmark corpus: an Express/NestJS-style monorepo of TypeScript services,
 * controllers, repositories, DTOs and utilities that import each other, with a few planted defects
 * (SQL built from `req.query` into `pool.query`, hard-coded tokens, `console.log(password)`,
 * `res.send(err.stack)`) next to safe twins, and some long files.
 *
 * The corpus is split into packages of 1,000 files each (`packages/p1`, `packages/p2`, ...), so scanning
 * the first k packages gives a k,000-file project for the growth figures.
 *
 * Usage: node scripts/gen-corpus.mjs [--files 3000] [--out .bench/corpus-<files>]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

/** Bump when the generated code changes, so a reused corpus is regenerated. */
export const CORPUS_VERSION = 4;
export const FILES_PER_PACKAGE = 1000;
const SHARED_FILES = 10;
const FILES_PER_MODULE = 10;

const NOUNS = [
  'order', 'user', 'invoice', 'payment', 'product', 'customer', 'shipment', 'cart', 'review', 'coupon',
  'account', 'session', 'report', 'ticket', 'message', 'vendor', 'warehouse', 'refund', 'plan', 'team',
];
const FIELDS = ['name', 'email', 'status', 'region', 'title', 'code', 'category', 'owner', 'currency', 'note'];

/** mulberry32: a small seeded PRNG so every run writes the same corpus. */
function createRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pascal = (s) => s.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
const camel = (s) => pascal(s).replace(/^./, (c) => c.toLowerCase());

/** A fake token that looks like a real one to a secret scanner (never a real credential). */
function fakeToken(random, prefix, length) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = prefix;
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}

function sharedFiles(random) {
  return {
    'src/db/pool.ts': `import { Pool } from 'pg';
import { config } from '../config/index.js';

/** One connection pool for the service. */
export const pool = new Pool({
  host: config.db.host,
  port: config.db.port,
  user: config.db.user,
  password: config.db.password,
  database: config.db.name,
  max: 20,
});

export async function withTransaction<T>(work: (client: import('pg').PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
`,
    'src/config/index.ts': `/** Service configuration from the environment. */
export const config = {
  port: Number(process.env.PORT ?? 3000),
  db: {
    host: process.env.DB_HOST ?? 'localhost',
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER ?? 'app',
    password: process.env.DB_PASSWORD ?? '',
    name: process.env.DB_NAME ?? 'app',
  },
  // a token checked into the code base
  stripeKey: '${fakeToken(random, 'sk_live_', 24)}',
  jwtSecret: process.env.JWT_SECRET ?? '',
};
`,
    'src/utils/logger.ts': `/** A thin structured logger. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}

export const logger = {
  debug: (m: string, f?: Record<string, unknown>) => log('debug', m, f),
  info: (m: string, f?: Record<string, unknown>) => log('info', m, f),
  warn: (m: string, f?: Record<string, unknown>) => log('warn', m, f),
  error: (m: string, f?: Record<string, unknown>) => log('error', m, f),
};
`,
    'src/utils/strings.ts': `/** String helpers shared by the modules. */
export function slugify(value: string): string {
  return value.toLowerCase().trim().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function truncate(value: string, max = 80): string {
  return value.length > max ? value.slice(0, max - 1) + '…' : value;
}

export function escapeLike(value: string): string {
  return value.replace(/[%_\\\\]/g, (c) => '\\\\' + c);
}

export function toInt(value: unknown, fallback = 0): number {
  const n = Number.parseInt(String(value), 10);
  return Number.isFinite(n) ? n : fallback;
}
`,
    'src/utils/pagination.ts': `import { toInt } from './strings.js';

export interface Page {
  limit: number;
  offset: number;
}

/** Reads \`limit\` and \`offset\` from a query string, clamped. */
export function readPage(query: Record<string, unknown>): Page {
  const limit = Math.min(Math.max(toInt(query.limit, 20), 1), 100);
  const offset = Math.max(toInt(query.offset, 0), 0);
  return { limit, offset };
}
`,
    'src/middleware/auth.ts': `import type { Request, Response, NextFunction } from 'express';
import { config } from '../config/index.js';
import { logger } from '../utils/logger.js';

/** Rejects requests without a bearer token. */
export function requireAuth(req: Request, res: Response, next: NextFunction): void {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  logger.debug('auth ok', { path: req.path, secretLength: config.jwtSecret.length });
  next();
}
`,
    'src/middleware/errors.ts': `import type { Request, Response, NextFunction } from 'express';
import { logger } from '../utils/logger.js';

/** Last error handler: logs and answers with a generic message. */
export function handleErrors(err: Error, _req: Request, res: Response, _next: NextFunction): void {
  logger.error('request failed', { message: err.message });
  res.status(500).json({ error: 'internal error' });
}

/** A debug handler left in by mistake: sends the stack trace to the client. */
export function handleErrorsVerbose(err: Error, _req: Request, res: Response, _next: NextFunction): void {
  res.status(500).send(err.stack);
}
`,
    'src/errors.ts': `/** Errors with an HTTP status. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string) {
    super(404, \`\${what} not found\`);
  }
}

export class ValidationError extends HttpError {
  constructor(readonly field: string, message: string) {
    super(400, message);
  }
}
`,
    'src/types/common.ts': `/** Types shared by every module. */
export type Id = string;
export type Timestamp = string;

export interface Audited {
  createdAt: Timestamp;
  updatedAt: Timestamp;
  createdBy?: Id;
}

export interface ListResult<T> {
  items: T[];
  total: number;
}
`,
    'src/app.ts': `import express from 'express';
import { handleErrors } from './middleware/errors.js';
import { config } from './config/index.js';
import { logger } from './utils/logger.js';

/** Builds the express app; modules mount their routers from index files. */
export function createApp(routers: express.Router[]): express.Express {
  const app = express();
  app.use(express.json());
  for (const router of routers) app.use(router);
  app.use(handleErrors);
  return app;
}

export function start(routers: express.Router[]): void {
  createApp(routers).listen(config.port, () => logger.info('listening', { port: config.port }));
}
`,
  };
}

/** `count` extra helper functions of ordinary business code, so files have realistic sizes. */
function extraFunctions(prefix, count, random) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const field = FIELDS[Math.floor(random() * FIELDS.length)];
    const threshold = Math.floor(random() * 1000);
    switch (Math.floor(random() * 4)) {
      case 0:
        out.push(`
/** Groups items by their ${field}, keeping the first ${threshold % 50 + 1} per group. */
export function groupBy${pascal(field)}${prefix}${i}<T extends { ${field}: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = item.${field}.trim().toLowerCase();
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
    }
    if (group.length < ${threshold % 50 + 1}) group.push(item);
  }
  return groups;
}`);
        break;
      case 1:
        out.push(`
/** Totals the amounts above ${threshold}, rounding to cents. */
export function total${prefix}${i}(rows: Array<{ amount: number; active: boolean }>): number {
  let sum = 0;
  for (const row of rows) {
    if (!row.active) continue;
    if (row.amount > ${threshold}) sum += Math.round(row.amount * 100) / 100;
    else if (row.amount < 0) throw new RangeError(\`negative amount: \${row.amount}\`);
  }
  return Number(sum.toFixed(2));
}`);
        break;
      case 2:
        out.push(`
/** Builds a display label from the ${field} and tags. */
export function label${prefix}${i}(value: { ${field}?: string; tags?: string[] }, locale = 'en-US'): string {
  const base = value.${field} ? value.${field}.charAt(0).toUpperCase() + value.${field}.slice(1) : 'Untitled';
  const tags = (value.tags ?? []).filter((t) => t.length > 0).slice(0, ${threshold % 5 + 1});
  const suffix = tags.length ? \` [\${tags.join(', ')}]\` : '';
  return new Intl.Collator(locale).compare(base, suffix) > 0 ? base + suffix : suffix + base;
}`);
        break;
      default:
        out.push(`
/** Retries an async operation up to ${threshold % 4 + 2} times with a linear back-off. */
export async function retry${prefix}${i}<T>(work: () => Promise<T>, delayMs = ${threshold % 200 + 50}): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < ${threshold % 4 + 2}; attempt++) {
    try {
      return await work();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * (attempt + 1)));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}`);
    }
  }
  return out.join('\n');
}

/** The ten files of one feature module, with defects planted by `flags`. */
function moduleFiles(name, flags, random) {
  const N = pascal(name);
  const n = camel(name);
  const table = name.replace(/-/g, '_') + 's';
  const field = FIELDS[Math.floor(random() * FIELDS.length)];
  const other = FIELDS[(FIELDS.indexOf(field) + 3) % FIELDS.length];
  const dir = `src/modules/${name}`;
  const files = {};

  files[`${dir}/${name}.entity.ts`] = `import type { Audited, Id } from '../../types/common.js';

/** A ${name} row as stored. */
export interface ${N} extends Audited {
  id: Id;
  ${field}: string;
  ${other}: string;
  amount: number;
  active: boolean;
  tags: string[];
}

export const ${N.toUpperCase()}_COLUMNS = ['id', '${field}', '${other}', 'amount', 'active', 'tags', 'created_at', 'updated_at'] as const;
`;

  files[`${dir}/${name}.types.ts`] = `import type { ${N} } from './${name}.entity.js';

export type ${N}Summary = Pick<${N}, 'id' | '${field}' | 'active'>;

export interface ${N}Filter {
  ${field}?: string;
  ${other}?: string;
  active?: boolean;
  minAmount?: number;
}

export type ${N}Sort = '${field}' | '${other}' | 'amount' | 'created_at';
${extraFunctions('Type', Math.floor(random() * 2), random)}
`;

  files[`${dir}/dto/create-${name}.dto.ts`] = `import { ValidationError } from '../../../errors.js';

/** Body of POST /${name}s. */
export class Create${N}Dto {
  ${field}!: string;
  ${other}!: string;
  amount!: number;
  tags: string[] = [];

  static parse(body: Record<string, unknown>): Create${N}Dto {
    const dto = new Create${N}Dto();
    if (typeof body.${field} !== 'string' || body.${field}.length === 0) throw new ValidationError('${field}', '${field} is required');
    if (typeof body.${other} !== 'string') throw new ValidationError('${other}', '${other} must be a string');
    if (typeof body.amount !== 'number' || body.amount < 0) throw new ValidationError('amount', 'amount must be a positive number');
    dto.${field} = body.${field};
    dto.${other} = body.${other};
    dto.amount = body.amount;
    dto.tags = Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === 'string') : [];
    return dto;
  }
}
`;

  files[`${dir}/dto/update-${name}.dto.ts`] = `import { Create${N}Dto } from './create-${name}.dto.js';

/** Body of PATCH /${name}s/:id: every field optional. */
export type Update${N}Dto = Partial<Create${N}Dto> & { active?: boolean };

export function parseUpdate(body: Record<string, unknown>): Update${N}Dto {
  const out: Update${N}Dto = {};
  if (typeof body.${field} === 'string') out.${field} = body.${field};
  if (typeof body.${other} === 'string') out.${other} = body.${other};
  if (typeof body.amount === 'number') out.amount = body.amount;
  if (typeof body.active === 'boolean') out.active = body.active;
  return out;
}
`;

  files[`${dir}/${name}.validators.ts`] = `import { ValidationError } from '../../errors.js';
import type { ${N}Sort } from './${name}.types.js';

const SORTS: ${N}Sort[] = ['${field}', '${other}', 'amount', 'created_at'];

/** Allow-list for ORDER BY: only known columns reach the SQL text. */
export function checkSort(value: unknown): ${N}Sort {
  if (typeof value === 'string' && (SORTS as string[]).includes(value)) return value as ${N}Sort;
  return 'created_at';
}

export function checkId(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/.test(value)) throw new ValidationError('id', 'bad id');
  return value;
}
${extraFunctions('Check', 1 + Math.floor(random() * 3), random)}
`;

  const mapperBody = [];
  const mapperCount = flags.long ? 120 + Math.floor(random() * 80) : 2;
  for (let i = 0; i < mapperCount; i++) {
    mapperBody.push(`
/** Maps a database row to the ${name} shape, variant ${i}. */
export function map${N}Row${i}(row: Record<string, unknown>): ${N} {
  const tags = typeof row.tags === 'string' ? row.tags.split(',').map((t) => t.trim()).filter(Boolean) : [];
  const amount = typeof row.amount === 'number' ? row.amount : Number(row.amount ?? 0);
  return {
    id: String(row.id),
    ${field}: String(row.${field} ?? ''),
    ${other}: String(row.${other} ?? ''),
    amount: Number.isFinite(amount) ? amount * ${i + 1} / ${i + 1} : 0,
    active: row.active === true || row.active === 't',
    tags,
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}`);
  }
  files[`${dir}/${name}.mapper.ts`] = `import type { ${N} } from './${name}.entity.js';
${mapperBody.join('\n')}

export const map${N}Row = map${N}Row0;
`;

  const unsafeRepo = flags.crossFileSql
    ? `
  /** Search by ${field}: the value is pasted into the SQL text. */
  async findBy${pascal(field)}(${field}: string): Promise<${N}[]> {
    const result = await pool.query(\`SELECT * FROM ${table} WHERE ${field} = '\${${field}}'\`);
    return result.rows.map(map${N}Row);
  }
`
    : `
  async findBy${pascal(field)}(${field}: string): Promise<${N}[]> {
    const result = await pool.query('SELECT * FROM ${table} WHERE ${field} = $1', [${field}]);
    return result.rows.map(map${N}Row);
  }
`;
  files[`${dir}/${name}.repository.ts`] = `import { pool } from '../../db/pool.js';
import { map${N}Row } from './${name}.mapper.js';
import type { ${N} } from './${name}.entity.js';
import type { ${N}Filter, ${N}Sort } from './${name}.types.js';
import type { Page } from '../../utils/pagination.js';

/** Data access for ${table}. */
export class ${N}Repository {
  async findById(id: string): Promise<${N} | undefined> {
    const result = await pool.query('SELECT * FROM ${table} WHERE id = $1', [id]);
    return result.rows[0] ? map${N}Row(result.rows[0]) : undefined;
  }

  async list(filter: ${N}Filter, sort: ${N}Sort, page: Page): Promise<${N}[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.${field} !== undefined) {
      params.push(filter.${field});
      where.push('${field} = $' + params.length);
    }
    if (filter.active !== undefined) {
      params.push(filter.active);
      where.push('active = $' + params.length);
    }
    const clause = where.length ? 'WHERE ' + where.join(' AND ') : '';
    // sort comes from an allow-list (checkSort), so it is safe to paste
    const sql = \`SELECT * FROM ${table} \${clause} ORDER BY \${sort} LIMIT \${page.limit} OFFSET \${page.offset}\`;
    const result = await pool.query(sql, params);
    return result.rows.map(map${N}Row);
  }
${unsafeRepo}
  async insert(row: Omit<${N}, 'id' | 'createdAt' | 'updatedAt'>): Promise<string> {
    const result = await pool.query(
      'INSERT INTO ${table} (${field}, ${other}, amount, active, tags) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [row.${field}, row.${other}, row.amount, row.active, row.tags.join(',')],
    );
    return String(result.rows[0].id);
  }

  async remove(id: string): Promise<void> {
    await pool.query('DELETE FROM ${table} WHERE id = $1', [id]);
  }
}
${extraFunctions('Repo', 1 + Math.floor(random() * 4), random)}
`;

  const loginMethod = flags.logsPassword
    ? `
  /** Checks credentials for the ${name} console. */
  async login(username: string, password: string): Promise<boolean> {
    console.log('login attempt', username, password);
    return username.length > 0 && password.length > 8;
  }
`
    : `
  async login(username: string, password: string): Promise<boolean> {
    logger.info('login attempt', { username });
    return username.length > 0 && password.length > 8;
  }
`;
  files[`${dir}/${name}.service.ts`] = `import { ${N}Repository } from './${name}.repository.js';
import { NotFoundError } from '../../errors.js';
import { logger } from '../../utils/logger.js';
import type { ${N} } from './${name}.entity.js';
import type { Create${N}Dto } from './dto/create-${name}.dto.js';
import type { ${N}Filter, ${N}Sort } from './${name}.types.js';
import type { Page } from '../../utils/pagination.js';

/** Business rules for ${name}s. */
export class ${N}Service {
  constructor(private readonly repository = new ${N}Repository()) {}

  async get(id: string): Promise<${N}> {
    const found = await this.repository.findById(id);
    if (!found) throw new NotFoundError('${name}');
    return found;
  }

  list(filter: ${N}Filter, sort: ${N}Sort, page: Page): Promise<${N}[]> {
    return this.repository.list(filter, sort, page);
  }

  searchBy${pascal(field)}(${field}: string): Promise<${N}[]> {
    logger.debug('search ${name}s', { ${field} });
    return this.repository.findBy${pascal(field)}(${field});
  }

  async create(dto: Create${N}Dto): Promise<string> {
    const id = await this.repository.insert({ ...dto, active: true });
    logger.info('${name} created', { id });
    return id;
  }
${loginMethod}}
${extraFunctions(N, 2 + Math.floor(random() * 5), random)}
`;

  let controller;
  if (flags.nest) {
    controller = `import { Controller, Get, Post, Body, Param, Query } from '@nestjs/common';
import { ${N}Service } from './${name}.service.js';
import { Create${N}Dto } from './dto/create-${name}.dto.js';
import { checkSort } from './${name}.validators.js';
import { readPage } from '../../utils/pagination.js';

/** REST endpoints for ${name}s (NestJS). */
@Controller('${name}s')
export class ${N}Controller {
  constructor(private readonly service: ${N}Service) {}

  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @Get()
  list(@Query() query: Record<string, string>) {
    return this.service.list({ ${field}: query.${field} }, checkSort(query.sort), readPage(query));
  }

  @Get('search')
  search(@Query('${field}') ${field}: string) {
    return this.service.searchBy${pascal(field)}(${field});
  }

  @Post()
  create(@Body() body: Record<string, unknown>) {
    return this.service.create(Create${N}Dto.parse(body));
  }
}
`;
  } else {
    const directSql = flags.directSql
      ? `
${n}Router.get('/${name}s/by-${other}', async (req: Request, res: Response) => {
  const result = await pool.query("SELECT * FROM ${table} WHERE ${other} = '" + req.query.${other} + "'");
  res.json(result.rows);
});
`
      : `
${n}Router.get('/${name}s/by-${other}', async (req: Request, res: Response) => {
  const result = await pool.query('SELECT * FROM ${table} WHERE ${other} = $1', [String(req.query.${other})]);
  res.json(result.rows);
});
`;
    const errorHandler = flags.stackTrace
      ? `
${n}Router.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).send(err.stack);
});
`
      : `
${n}Router.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  logger.error('${name} route failed', { message: err.message });
  res.status(500).json({ error: 'internal error' });
});
`;
    controller = `import { Router, type Request, type Response, type NextFunction } from 'express';
import { ${N}Service } from './${name}.service.js';
import { Create${N}Dto } from './dto/create-${name}.dto.js';
import { checkId, checkSort } from './${name}.validators.js';
import { readPage } from '../../utils/pagination.js';
import { requireAuth } from '../../middleware/auth.js';
import { pool } from '../../db/pool.js';
import { logger } from '../../utils/logger.js';

const service = new ${N}Service();

/** REST endpoints for ${name}s (Express). */
export const ${n}Router = Router();

${n}Router.get('/${name}s/:id', requireAuth, async (req: Request, res: Response, next: NextFunction) => {
  try {
    res.json(await service.get(checkId(req.params.id)));
  } catch (error) {
    next(error);
  }
});

${n}Router.get('/${name}s', requireAuth, async (req: Request, res: Response) => {
  const items = await service.list({ ${field}: req.query.${field} as string | undefined }, checkSort(req.query.sort), readPage(req.query));
  res.json({ items });
});

${n}Router.get('/${name}s/search', async (req: Request, res: Response) => {
  res.json(await service.searchBy${pascal(field)}(String(req.query.${field})));
});
${directSql}
${n}Router.post('/${name}s', requireAuth, async (req: Request, res: Response) => {
  const id = await service.create(Create${N}Dto.parse(req.body));
  res.status(201).json({ id });
});
${errorHandler}`;
  }
  files[`${dir}/${name}.controller.ts`] = controller + extraFunctions('Http', 1 + Math.floor(random() * 3), random) + '\n';

  const tokenLine = flags.hardcodedToken
    ? `\n/** Partner API token (checked in by mistake). */\nexport const ${n.toUpperCase()}_PARTNER_TOKEN = '${fakeToken(random, 'ghp_', 36)}';\n`
    : `\nexport const ${n.toUpperCase()}_PARTNER_TOKEN = process.env.${n.toUpperCase()}_PARTNER_TOKEN ?? '';\n`;
  files[`${dir}/index.ts`] = `export * from './${name}.entity.js';
export * from './${name}.types.js';
export { ${N}Service } from './${name}.service.js';
export { ${N}Repository } from './${name}.repository.js';
${flags.nest ? `export { ${N}Controller } from './${name}.controller.js';` : `export { ${n}Router } from './${name}.controller.js';`}
${tokenLine}`;
  return files;
}

/** Writes a corpus of about `fileCount` TypeScript files (exactly, for multiples of 10) under `outDir`. */
export function generateCorpus(outDir, fileCount = 3000) {
  const packages = Math.max(1, Math.ceil(fileCount / FILES_PER_PACKAGE));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  let written = 0;
  let bytes = 0;
  const write = (rel, text) => {
    const abs = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    if (/\.ts$/.test(rel)) written++;
    bytes += Buffer.byteLength(text);
  };
  write('package.json', JSON.stringify({ name: 'bench-corpus', private: true, type: 'module', workspaces: ['packages/*'] }, null, 2) + '\n');
  write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, experimentalDecorators: true } }, null, 2) + '\n');
  for (let p = 1; p <= packages; p++) {
    const random = createRandom(0x5eed + p);
    const pkg = `packages/p${p}`;
    write(`${pkg}/package.json`, JSON.stringify({ name: `@bench/p${p}`, version: '1.0.0', type: 'module' }, null, 2) + '\n');
    for (const [rel, text] of Object.entries(sharedFiles(random))) write(`${pkg}/${rel}`, text);
    const size = Math.min(FILES_PER_PACKAGE, fileCount - (p - 1) * FILES_PER_PACKAGE);
    const modules = Math.max(1, Math.floor((size - SHARED_FILES) / FILES_PER_MODULE));
    for (let m = 0; m < modules; m++) {
      const name = `${NOUNS[m % NOUNS.length]}-${String(Math.floor(m / NOUNS.length)).padStart(2, '0')}`;
      const flags = {
        nest: m % 3 === 2,
        long: m % 10 === 7,
        directSql: m % 11 === 3,
        crossFileSql: m % 13 === 5,
        logsPassword: m % 17 === 4,
        stackTrace: m % 19 === 6,
        hardcodedToken: m % 23 === 8,
      };
      for (const [rel, text] of Object.entries(moduleFiles(name, flags, random))) write(`${pkg}/${rel}`, text);
    }
  }
  // the corpus is its own repository, so the .gitignore of a repository around it (ours ignores .bench/) does not apply
  if (spawnSync('git', ['init', '-q'], { cwd: outDir }).status !== 0) fs.mkdirSync(path.join(outDir, '.git'), { recursive: true });
  fs.writeFileSync(path.join(outDir, '.corpus.json'), JSON.stringify({ version: CORPUS_VERSION, files: written, bytes }) + '\n');
  return { files: written, bytes, packages };
}

/** The corpus stamp when `outDir` holds a complete corpus of this version and size, else undefined. */
export function readCorpusStamp(outDir, fileCount) {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(outDir, '.corpus.json'), 'utf8'));
    return stamp.version === CORPUS_VERSION && stamp.files === fileCount ? stamp : undefined;
  } catch {
    return undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const get = (flag, fallback) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const files = Number(get('--files', '3000'));
  const out = path.resolve(get('--out', `.bench/corpus-${files}`));
  const { files: n, bytes } = generateCorpus(out, files);
  console.log(`wrote ${n} TypeScript files (${(bytes / 1e6).toFixed(1)} MB) to ${path.relative(process.cwd(), out) || '.'}`);
}
