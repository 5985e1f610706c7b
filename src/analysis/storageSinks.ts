/**
 * Where values are persisted, from the storage models in src/models/persistence.ts: ORM and driver writes, raw SQL
 * INSERT/UPDATE statements, files, browser storage, cookies and caches; and which values each write stores, field by
 * field (`{ ...dto, password: hash }` stores the hash; `user.password = x; await user.save()` stores x).
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { getAssignmentsTo, resolveIdentifier } from './scope.js';
import { getValueOrigins, resolveCallee, skipOuter, type ValueOrigin } from './values.js';
import { getStringSkeleton } from './constant.js';
import { isPasswordName } from './sensitive.js';
import { shortText } from './hashCalls.js';
import { getPropertyKey } from './passwords.js';
import { collectStoredValues, type StoredValue } from './storedValues.js';
import { findDefinedModel, getModelDefinitions, hashesPasswordsInHooks } from './modelHooks.js';
import { GENERIC_MODEL_WRITES, STORAGE_METHODS, getStorageModel, isModelLikeName, storageModels, type ReceiverRole, type StorageKind, type StorageModel, type StoredArgument } from '../models/persistence.js';
import { prismaWrites } from '../models/prisma-writes.js';
import { getSqlModel } from '../models/sql.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

export type { StoredValue };

export interface StorageSink {
  /** The node findings sit on. */
  reportNode: ts.Node;
  /** `User.create`, `pool.query`, `localStorage.setItem`. */
  label: string;
  kind: StorageKind;
  values: StoredValue[];
  /** Example of storing a hash instead. */
  fix: string;
}

interface Receiver {
  model: StorageModel;
  role: ReceiverRole;
  /** Declarations of the model (class, `model(…)` call, entity) whose files may hash passwords in hooks; computed on demand. */
  definitions(): ts.Node[];
}

const SQL_RUN_METHODS = new Set(['query', 'execute', 'exec', 'run', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'unsafe', 'raw', '$executeRawUnsafe', '$queryRawUnsafe', 'get', 'all']);
/** Methods of a prepared statement that run it with bound values. */
const PREPARED_RUN = new Set(['run', 'get', 'all', 'execute', 'iterate']);
const SQL_WRITE = /^\s*\(?\s*(insert|update|replace|upsert|merge)\b/i;
const SQL_TAG = /(^|\.)(sql|SQL|\$executeRaw|\$queryRaw)$/;
const SQL_FIX = "db.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [email, await bcrypt.hash(password, 12)])";

/** Every method name a write may use: the visitor's cheap filter. */
export function isStorageMethodName(name: string): boolean {
  return STORAGE_METHODS.has(name) || SQL_RUN_METHODS.has(name);
}

/** The writes a call performs (usually none or one). */
export function getStorageSinks(call: ts.CallExpression, project: ProjectIndex): StorageSink[] {
  const callee = call.expression;
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!method || !isStorageMethodName(method)) return [];
  const label = shortText(callee);
  const reportNode = ts.isPropertyAccessExpression(callee) ? callee.name : call;
  const sql = getSqlWriteSink(call, method, project);
  if (sql) return [sql];
  if (!STORAGE_METHODS.has(method)) return [];

  // import { writeFile } from 'fs/promises'; writeFile(path, data)
  if (ts.isIdentifier(callee)) {
    for (const o of getValueOrigins(callee, project)) {
      if (o.kind !== 'module' || o.path.length !== 1 || o.path[0] !== method) continue;
      const model = getStorageModel(o.module);
      const spec = model?.writes[method];
      if (model && spec) return [makeSink(call, reportNode, label, model.kind, getStored(call, spec, undefined), model.fix, project)];
    }
    return [];
  }
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const receiver = callee.expression;
  const sinks: StorageSink[] = [];
  const receivers = classifyReceiver(receiver, project, 0);
  for (const r of receivers) {
    if (r.role === 'collection' && r.model.builders?.[method] !== undefined) return [];
    const spec = r.role === 'collection' ? r.model.writes[method] : r.model.instanceWrites?.[method];
    if (!spec) continue;
    // a model that hashes in its own hooks (`@BeforeInsert`, `schema.pre('save')`, `beforeCreate`) stores no plaintext
    if (r.model.kind === 'database' && r.definitions().some((d) => hashesPasswordsInHooks(d, project, method, r.role === 'collection'))) return [];
    sinks.push(makeSink(call, reportNode, label, r.model.kind, getStored(call, spec, receiver), r.model.fix, project));
    break;
  }
  if (sinks.length || receivers.length) return sinks;
  const named = getNamedReceiverSink(call, method, receiver, reportNode, label, project);
  if (named) return [named];
  const origins = getValueOrigins(receiver, project);
  if (origins.some((o) => o.kind !== 'module' || getStorageModel(o.module))) return [];
  return getUnknownReceiverSinks(call, method, receiver, reportNode, label, project);
}

function makeSink(call: ts.CallExpression, reportNode: ts.Node, label: string, kind: StorageKind, stored: ts.Expression[], fix: string, project: ProjectIndex): StorageSink {
  return { reportNode, label, kind, values: collectStoredValues(stored, call, project, (e) => getBuiltFrom(e, project)), fix };
}

/** The model and role of a receiver: from its package, from a project class's base class, or as a record built or loaded from a model. */
function classifyReceiver(expr: ts.Expression, project: ProjectIndex, depth: number): Receiver[] {
  if (depth > 3) return [];
  const out: Receiver[] = [];
  for (const o of getValueOrigins(expr, project)) {
    const r = receiverOf(o, expr, project);
    if (r && !out.some((x) => x.model === r.model && x.role === r.role)) out.push(r);
  }
  if (out.length) return out;
  const e = skipOuter(expr);
  // globals: localStorage.setItem, window.sessionStorage.setItem
  const globalName = ts.isIdentifier(e) && !resolveIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && ['window', 'globalThis', 'self'].includes(e.expression.text) ? e.name.text : undefined;
  if (globalName) {
    const model = storageModels.find((m) => m.globals?.includes(globalName));
    if (model) return [{ model, role: 'collection', definitions: () => [] }];
  }
  // const user = await User.findByPk(id) / User.build(values) / new User(values): a record of the model
  const init = ts.isIdentifier(e) ? getInitializer(e) : ts.isNewExpression(e) || ts.isCallExpression(e) ? e : undefined;
  if (init && ts.isNewExpression(init)) return asInstances(classifyReceiver(init.expression, project, depth + 1));
  if (init && ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression)) return asInstances(classifyReceiver(init.expression.expression, project, depth + 1));
  return [];
}

function asInstances(receivers: Receiver[]): Receiver[] {
  return receivers.filter((r) => r.role === 'collection' && r.model.instanceWrites).map((r) => ({ ...r, role: 'instance' as const }));
}

function receiverOf(o: ValueOrigin, expr: ts.Expression, project: ProjectIndex): Receiver | undefined {
  if (o.kind === 'module') {
    const model = getStorageModel(o.module);
    const role = model && (model.roleOf ? model.roleOf(o.path) : 'collection');
    return model && role ? { model, role, definitions: () => getModelDefinitions(expr, project) } : undefined;
  }
  if (o.kind === 'class' || o.kind === 'instance') {
    const base = getModelOfClass(o.cls, project, 0);
    if (!base) return undefined;
    const role: ReceiverRole = o.kind === 'class' || base.kind === 'collection' ? 'collection' : 'instance';
    // the class itself (an entity with hooks), or the entity of a custom repository (`class UserRepository extends Repository<User>`)
    return { model: base.model, role, definitions: () => [o.cls, ...getModelDefinitions(expr, project)] };
  }
  return undefined;
}

/** The storage model of a project class that extends a modelled base (`extends Model`, `extends BaseEntity`, `extends Repository<User>`). */
function getModelOfClass(cls: ts.ClassLikeDeclaration, project: ProjectIndex, depth: number): { model: StorageModel; kind: 'record' | 'collection' } | undefined {
  const base = cls.heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base || depth > 4) return undefined;
  for (const o of getValueOrigins(base, project)) {
    if (o.kind === 'module') {
      const model = getStorageModel(o.module);
      const kind = model?.baseClasses?.[o.path[o.path.length - 1]];
      if (model && kind) return { model, kind };
    }
    if (o.kind === 'class') return getModelOfClass(o.cls, project, depth + 1);
  }
  return undefined;
}

/** The arguments (or receiver, for `user.save()`) a write stores. */
function getStored(call: ts.CallExpression, spec: StoredArgument | 'self', receiver: ts.Expression | undefined): ts.Expression[] {
  if (spec === 'self') return receiver ? [receiver] : [];
  const args = spec.rest ? call.arguments.slice(spec.index) : call.arguments[spec.index] ? [call.arguments[spec.index]] : [];
  if (!spec.properties) return [...args];
  // prisma.user.create({ data: { … } }): the values under `data`
  return args.flatMap((a) => {
    const obj = asObjectLiteral(a);
    if (!obj) return [a];
    return spec.properties!.flatMap((name) => {
      const p = obj.properties.find((x) => !ts.isSpreadAssignment(x) && getPropertyKey(x) === name);
      return p && ts.isPropertyAssignment(p) ? [p.initializer] : p && ts.isShorthandPropertyAssignment(p) ? [p.name] : [];
    });
  });
}

function asObjectLiteral(e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const x = skipOuter(e);
  if (ts.isObjectLiteralExpression(x)) return x;
  const init = ts.isIdentifier(x) ? getInitializer(x) : undefined;
  return init && ts.isObjectLiteralExpression(init) ? init : undefined;
}

/** The arguments a record is built from: `new User(values)`, or a builder of a modelled collection (`repo.create(dto)`). */
function getBuiltFrom(e: ts.Expression, project: ProjectIndex): ts.Expression[] | undefined {
  if (ts.isNewExpression(e)) return [...(e.arguments ?? [])];
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
  const method = e.expression.name.text;
  for (const r of classifyReceiver(e.expression.expression, project, 0)) {
    const index = r.role === 'collection' ? r.model.builders?.[method] : undefined;
    if (index !== undefined) return e.arguments[index] ? [e.arguments[index]] : [];
  }
  return undefined;
}

/** A variable holding a record built or loaded from a model-named receiver: `new User(…)`, `await User.findOne(…)`. */
function isRecordOfModelLike(id: ts.Identifier): boolean {
  const init = getInitializer(id);
  const target = init && (ts.isNewExpression(init) ? init.expression : ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) ? init.expression.expression : undefined);
  const model = target && skipOuter(target);
  return !!model && ts.isIdentifier(model) && isModelLikeName(model.text) && !!resolveIdentifier(model);
}

/** A `const` variable (or a `let` never assigned again): its initializer is what it holds. */
function isConstantBinding(id: ts.Identifier): boolean {
  const binding = resolveIdentifier(id);
  return !!binding && (binding.kind === 'const' || (binding.kind === 'let' && !getAssignmentsTo(binding).length));
}

function getInitializer(id: ts.Identifier): ts.Expression | undefined {
  const decl = resolveIdentifier(id)?.declaration;
  return decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer ? skipOuter(decl.initializer) : undefined;
}


/**
 * Raw SQL that writes: `pool.query('INSERT INTO users … VALUES ($1, $2)', [email, password])`, sqlite
 * `db.prepare('UPDATE …').run(…)`, or a project wrapper given such a statement (`query('INSERT …', values)`).
 * Values interpolated into the text count too. The statement text is the evidence, so receivers of unknown origin count.
 */
function getSqlWriteSink(call: ts.CallExpression, method: string, project: ProjectIndex): StorageSink | undefined {
  if (!SQL_RUN_METHODS.has(method)) return undefined;
  const callee = call.expression;
  const receiver = ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : undefined;
  let text: ts.Expression | undefined = call.arguments[0];
  let prepare: ts.CallExpression | undefined;
  if (!text || !SQL_WRITE.test(getStringSkeleton(text))) {
    // db.prepare(sql).run(a, b), or through a statement variable
    if (!receiver || !PREPARED_RUN.has(method) || !call.getSourceFile().text.includes('prepare')) return undefined;
    const statement = ts.isIdentifier(receiver) ? getInitializer(receiver) : receiver;
    prepare = statement && ts.isCallExpression(statement) && ts.isPropertyAccessExpression(statement.expression) && statement.expression.name.text === 'prepare' ? statement : undefined;
    text = prepare?.arguments[0];
    if (!text || !SQL_WRITE.test(getStringSkeleton(text))) return undefined;
  }
  const wrapper = resolveCallee(call, project).length > 0;
  const origins = getValueOrigins(prepare ? prepare.expression : (receiver ?? callee), project);
  if (!wrapper && origins.some((o) => o.kind !== 'module' || !getSqlModel(o.module))) return undefined;
  const stored = prepare ? [text, ...call.arguments] : [...call.arguments];
  return { reportNode: ts.isPropertyAccessExpression(callee) ? callee.name : call, label: shortText(callee), kind: 'database', values: collectStoredValues(stored, call, project, () => undefined), fix: SQL_FIX };
}

/** A tagged SQL template that writes: sql`INSERT INTO users VALUES (${email}, ${password})`. */
export function getTaggedSqlSink(node: ts.TaggedTemplateExpression, project: ProjectIndex): StorageSink | undefined {
  if (!ts.isTemplateExpression(node.template) || !SQL_TAG.test(node.tag.getText())) return undefined;
  if (!SQL_WRITE.test(node.template.head.text)) return undefined;
  const spans = node.template.templateSpans.map((span) => span.expression);
  return { reportNode: node.tag, label: shortText(node.tag), kind: 'database', values: collectStoredValues(spans, node, project, () => undefined), fix: SQL_FIX };
}

/** Writes recognised by the receiver's text: `res.cookie(name, value)`, `ctx.cookies.set(name, value)`. */
function getNamedReceiverSink(call: ts.CallExpression, method: string, receiver: ts.Expression, reportNode: ts.Node, label: string, project: ProjectIndex): StorageSink | undefined {
  // (await cookies()).set(…) reads as cookies().set; `const users = db.collection('users')` reads as its initializer
  const e = skipOuter(receiver);
  const init = ts.isIdentifier(e) && isConstantBinding(e) ? getInitializer(e) : undefined;
  const texts = [e, ...(init ? [init] : [])].map((n) => n.getText().replace(/\s+/g, ''));
  for (const model of storageModels) {
    for (const named of model.namedReceivers ?? []) {
      const spec = named.writes[method];
      if (spec && texts.some((text) => named.receiver.test(text))) return makeSink(call, reportNode, label, model.kind, getStored(call, spec, receiver), model.fix, project);
    }
  }
  return undefined;
}

/**
 * A receiver of unknown origin (an untyped parameter, an unresolved import): a write only when its name reads as a
 * model (`User.create`, `userRepository.save`) and only the values under password keys count, or in Prisma's shape
 * (`tx.user.create({ data: { … } })`).
 */
function getUnknownReceiverSinks(call: ts.CallExpression, method: string, receiver: ts.Expression, reportNode: ts.Node, label: string, project: ProjectIndex): StorageSink[] {
  const e = skipOuter(receiver);
  const prismaSpec = prismaWrites.writes[method];
  const first = call.arguments[0] && asObjectLiteral(call.arguments[0]);
  if (prismaSpec && ts.isPropertyAccessExpression(e) && first && prismaSpec.properties?.some((p) => first.properties.some((x) => getPropertyKey(x) === p))) {
    return [makeSink(call, reportNode, label, 'database', getStored(call, prismaSpec, receiver), prismaWrites.fix, project)];
  }
  let spec: StoredArgument | 'self' | undefined = GENERIC_MODEL_WRITES[method];
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  const root = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) ? e.expression : undefined;
  // const user = await User.findOne(…); user.password = …; await user.save()
  if (method === 'save' && ts.isIdentifier(e) && isRecordOfModelLike(e)) spec = 'self';
  else if (!spec || !name || !root || (!resolveIdentifier(root) && root.text !== 'this')) return [];
  // `db.user.create(…)`: lower-case names count when the project defines a model under that name
  const defined = spec === 'self' || isModelLikeName(name!) ? undefined : findDefinedModel(e, project);
  if (defined && !defined.length) return [];
  const sink = makeSink(call, reportNode, label, 'database', getStored(call, spec!, receiver), storageModels[0].fix, project);
  sink.values = sink.values.filter((v) => v.key !== undefined && isPasswordName(v.key));
  if (!sink.values.length || defined?.some((d) => hashesPasswordsInHooks(d, project, method, spec !== 'self'))) return [];
  return [sink];
}
