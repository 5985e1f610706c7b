/**
 * Credential fields a record loaded through an ORM model carries, read from the model's definition: mongoose
 * `User.findOne()` on `mongoose.model('User', new Schema({ password: String }))`, Sequelize `User.findByPk()` on
 * `sequelize.define('User', { password: DataTypes.STRING })` or `User.init({ password: … })`. Fields hidden by default
 * (`select: false`) or by the query (`.select('-password')`, `attributes: { exclude: ['password'] }`) do not count.
 * Only credentials (passwords, tokens, keys): a user record's e-mail address is what a user record is.
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier } from './scope.js';
import { getModelDefinitions } from './modelHooks.js';
import { getObjectProperty, getValueOrigins, skipOuter } from './values.js';
import { getStaticString } from './constant.js';
import { classifyValueName, type SensitiveField } from './sensitive-types.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** Model methods that load records (mongoose and Sequelize). */
const LOADING_METHODS = new Set([
  'find', 'findOne', 'findById', 'findOneAndUpdate', 'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete',
  'findByPk', 'findAll', 'findOrCreate', 'findAndCountAll',
]);
/** Query methods that keep the records of the query they are called on. */
const CHAIN_METHODS = new Set(['lean', 'exec', 'populate', 'sort', 'limit', 'skip', 'where', 'orFail', 'session']);

/** Credential fields the records of `call` carry, when it loads records of a model whose definition the project holds. */
export function getLoadedRecordFields(call: ts.CallExpression, project: ProjectIndex): SensitiveField[] {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const method = callee.name.text;
  const receiver = skipOuter(callee.expression);
  if (CHAIN_METHODS.has(method) && ts.isCallExpression(receiver)) return getLoadedRecordFields(receiver, project);
  if (method === 'select' && ts.isCallExpression(receiver)) {
    const selection = call.arguments[0] && getStaticString(call.arguments[0]);
    const inner = getLoadedRecordFields(receiver, project);
    if (selection === undefined) return [];
    const removed = selection.split(/\s+/).filter((s) => s.startsWith('-')).map((s) => s.slice(1));
    return inner.filter((f) => !removed.includes(f.path[0]));
  }
  const prisma = getPrismaRecordFields(call, method, project);
  if (prisma) return prisma;
  if (!LOADING_METHODS.has(method)) return [];
  const { excluded, only } = getQueryProjection(call);
  const fields: SensitiveField[] = [];
  const definitions = getModelDefinitions(callee.expression, project);
  // a model class of this file: `class Admin extends Model {}` with `Admin.init({ … })`
  const own = ts.isIdentifier(receiver) ? resolveIdentifier(receiver) : undefined;
  if (own?.kind === 'class') definitions.push(own.declaration);
  for (const definition of definitions) {
    const attributes = getAttributesObject(definition);
    if (!attributes) continue;
    for (const p of attributes.properties) {
      if (!(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
      const key = p.name.text;
      const named = classifyValueName(key);
      if (!named || named.level !== 'credential' || excluded.includes(key) || (only && !only.includes(key))) continue;
      if (ts.isPropertyAssignment(p) && isHiddenByDefault(p.initializer)) continue;
      fields.push({ path: [key], name: named });
    }
  }
  return fields;
}

/**
 * Password fields a model's definition declares (`new Schema({ password: String })`, `define('User', { password })`),
 * for `model` the expression a record is created from (`User` of `User.create(body)` or `new User(body)`).
 */
export function getModelPasswordFields(model: ts.Expression, project: ProjectIndex): string[] {
  const definitions = getModelDefinitions(model, project);
  const own = ts.isIdentifier(skipOuter(model)) ? resolveIdentifier(skipOuter(model) as ts.Identifier) : undefined;
  if (own?.kind === 'class') definitions.push(own.declaration);
  const out: string[] = [];
  for (const definition of definitions) {
    for (const p of getAttributesObject(definition)?.properties ?? []) {
      if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && classifyValueName(p.name.text)?.kind === 'password') out.push(p.name.text);
    }
  }
  return out;
}

/** The object literal that lists a model's fields: the schema of `model(name, schema)`, the attributes of `define`/`init`. */
function getAttributesObject(definition: ts.Node): ts.ObjectLiteralExpression | undefined {
  if (ts.isClassDeclaration(definition)) return getInitAttributes(definition);
  const e = ts.isExpression(definition as ts.Expression) ? skipOuter(definition as ts.Expression) : undefined;
  if (!e || !ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) && !ts.isIdentifier(e.expression)) return undefined;
  const name = ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : e.expression.text;
  if (name === 'model') return getSchemaObject(e.arguments[1]);
  if (name === 'define') return asObject(e.arguments[1]);
  return undefined;
}

/** `new Schema({ … })`, directly or through a variable. */
function getSchemaObject(arg: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  const e = arg && followVariables(arg);
  if (!e || !ts.isNewExpression(e)) return undefined;
  const cls = skipOuter(e.expression);
  const clsName = ts.isPropertyAccessExpression(cls) ? cls.name.text : ts.isIdentifier(cls) ? cls.text : '';
  return clsName === 'Schema' ? asObject(e.arguments?.[0]) : undefined;
}

/** Sequelize `class User extends Model {}` with `User.init({ … }, { sequelize })` in its file. */
function getInitAttributes(cls: ts.ClassDeclaration): ts.ObjectLiteralExpression | undefined {
  const name = cls.name?.text;
  if (!name) return undefined;
  for (const s of cls.getSourceFile().statements) {
    if (!ts.isExpressionStatement(s) || !ts.isCallExpression(s.expression)) continue;
    const callee = s.expression.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'init' && ts.isIdentifier(callee.expression) && callee.expression.text === name) {
      return asObject(s.expression.arguments[0]);
    }
  }
  return undefined;
}

/** An object literal, directly or through a variable. */
function asObject(arg: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  const e = arg && followVariables(arg);
  return e && ts.isObjectLiteralExpression(e) ? e : undefined;
}

/** The expression a variable was initialized with (`const userSchema = new Schema(…)`), through up to 3 aliases. */
function followVariables(expr: ts.Expression): ts.Expression {
  let e = skipOuter(expr);
  for (let depth = 0; depth < 3 && ts.isIdentifier(e); depth++) {
    const d = resolveIdentifier(e)?.declaration;
    if (!d || !ts.isVariableDeclaration(d) || !d.initializer) break;
    e = skipOuter(d.initializer);
  }
  return e;
}

/** `{ type: String, select: false }`: mongoose leaves the field out of query results unless asked for. */
function isHiddenByDefault(value: ts.Expression): boolean {
  const e = skipOuter(value);
  if (!ts.isObjectLiteralExpression(e)) return false;
  const select = getObjectProperty(e, 'select');
  return !!select && select.kind === SyntaxKind.FalseKeyword;
}

/**
 * What the query itself leaves out: Sequelize `attributes: { exclude: ['password'] }` or `attributes: ['id', 'email']`,
 * mongoose projections `{ password: 0 }` and `'-password'`.
 */
function getQueryProjection(call: ts.CallExpression): { excluded: string[]; only?: string[] } {
  const excluded: string[] = [];
  let only: string[] | undefined;
  const names = (list: ts.ArrayLiteralExpression) => list.elements.filter(ts.isStringLiteralLike).map((el) => el.text);
  for (const arg of call.arguments) {
    const e = skipOuter(arg);
    if (ts.isStringLiteralLike(e)) {
      excluded.push(...e.text.split(/\s+/).filter((w) => w.startsWith('-')).map((w) => w.slice(1)));
      continue;
    }
    if (!ts.isObjectLiteralExpression(e)) continue;
    const attributes = getObjectProperty(e, 'attributes');
    if (attributes && ts.isArrayLiteralExpression(attributes)) only = names(attributes);
    if (attributes && ts.isObjectLiteralExpression(attributes)) {
      const exclude = getObjectProperty(attributes, 'exclude');
      if (exclude && ts.isArrayLiteralExpression(exclude)) excluded.push(...names(exclude));
    }
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && (p.initializer.getText() === '0' || p.initializer.kind === SyntaxKind.FalseKeyword)) excluded.push(p.name.text);
    }
  }
  return { excluded, only };
}

/** Prisma Client methods that return records of their model. */
const PRISMA_LOADING = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'create', 'update', 'upsert', 'delete']);

/**
 * Prisma: `prisma.user.findUnique(…)` on a client from '@prisma/client' returns `User` records as the project's
 * `schema.prisma` declares them, less what `select` leaves out or `omit` removes. Undefined when the call is no Prisma read.
 */
function getPrismaRecordFields(call: ts.CallExpression, method: string, project: ProjectIndex): SensitiveField[] | undefined {
  const callee = call.expression as ts.PropertyAccessExpression;
  if (!PRISMA_LOADING.has(method) || !ts.isPropertyAccessExpression(callee.expression)) return undefined;
  const accessor = callee.expression.name.text;
  if (!isPrismaClient(callee.expression.expression, project)) return undefined;
  const fields = getPrismaModels(call.getSourceFile().fileName, project).get(accessor);
  if (!fields) return [];
  const options = call.arguments[0] && skipOuter(call.arguments[0]);
  let names = fields;
  if (options && ts.isObjectLiteralExpression(options)) {
    const select = getObjectProperty(options, 'select');
    const omit = getObjectProperty(options, 'omit');
    if (select && ts.isObjectLiteralExpression(select)) names = names.filter((n) => getObjectProperty(select, n)?.kind === SyntaxKind.TrueKeyword);
    if (omit && ts.isObjectLiteralExpression(omit)) names = names.filter((n) => getObjectProperty(omit, n)?.kind !== SyntaxKind.TrueKeyword);
  }
  const out: SensitiveField[] = [];
  for (const name of names) {
    const named = classifyValueName(name);
    if (named?.level === 'credential') out.push({ path: [name], name: named });
  }
  return out;
}

/** A `PrismaClient` from '@prisma/client', or an instance of a project class extending it (NestJS `PrismaService`). */
function isPrismaClient(expr: ts.Expression, project: ProjectIndex): boolean {
  return getValueOrigins(expr, project).some((o) => {
    if (o.kind === 'module') return o.module === '@prisma/client';
    if (o.kind !== 'instance') return false;
    const base = o.cls.heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    return !!base && getValueOrigins(base, project).some((b) => b.kind === 'module' && b.module === '@prisma/client');
  });
}

const schemaCache = new WeakMap<ProjectIndex, Map<string, Map<string, string[]>>>();

/** Models of the nearest `prisma/schema.prisma` (or `schema.prisma`) above a file, by client accessor (`User` → `user`). */
function getPrismaModels(file: string, project: ProjectIndex): Map<string, string[]> {
  let byDir = schemaCache.get(project);
  if (!byDir) schemaCache.set(project, (byDir = new Map()));
  const dir = path.dirname(file);
  let models = byDir.get(dir);
  if (models) return models;
  models = new Map();
  const text = project.getText(path.join(dir, 'prisma', 'schema.prisma')) ?? project.getText(path.join(dir, 'schema.prisma'));
  if (text !== undefined) {
    for (const m of text.matchAll(/^\s*model\s+(\w+)\s*\{([^}]*)\}/gm)) {
      const names = m[2].split('\n').map((line) => /^\s*(\w+)\s+\w/.exec(line)?.[1]).filter((n): n is string => !!n);
      models.set(m[1].charAt(0).toLowerCase() + m[1].slice(1), names);
    }
  } else if (dir !== project.root && dir.startsWith(project.root)) {
    models = getPrismaModels(dir, project);
  }
  byDir.set(dir, models);
  return models;
}
