/**
 * Where values are persisted, from the storage models in src/models/persistence.ts: ORM and driver writes, raw SQL
 * INSERT/UPDATE statements, files, browser storage, cookies and caches; and which values each write stores, field by
 * field (`{ ...dto, password: hash }` stores the hash; `user.password = x; await user.save()` stores x).
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier, type Binding } from './scope.js';
import { findClassMember, getEnclosingClass, getExportedDeclaration, getImportOf, getValueOrigins, resolveCallee, skipOuter, type ValueOrigin } from './values.js';
import { getStringSkeleton } from './constant.js';
import { getTypeFields, resolveTypeName } from './sensitive-types.js';
import { isPasswordName } from './sensitive.js';
import { isHashingCall, shortText } from './hashCalls.js';
import { getFieldAssignments, getPropertyKey, type Step } from './passwords.js';
import { GENERIC_MODEL_WRITES, STORAGE_METHODS, getStorageModel, isModelLikeName, storageModels, type ReceiverRole, type StorageKind, type StorageModel, type StoredArgument } from '../models/persistence.js';
import { prismaWrites } from '../models/prisma-writes.js';
import { getSqlModel } from '../models/sql.js';

/** A value a write stores: the expression, or a password field of it (`dto.password` of a typed `dto`). */
export interface StoredValue {
  expr: ts.Expression;
  /** Field path read from `expr`; empty for the value itself. */
  members: string[];
  /** The object-literal key it is stored under, when there is one. */
  key?: string;
  /** How the value got from `expr` to the write. */
  steps: Step[];
}

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
  /** Declarations of the model (class, `model(…)` call, entity) whose files may hash passwords in hooks. */
  definitions: ts.Node[];
}

const SQL_RUN_METHODS = new Set(['query', 'execute', 'exec', 'run', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'unsafe', 'raw', '$executeRawUnsafe', '$queryRawUnsafe', 'get', 'all']);
/** Methods of a prepared statement that run it with bound values. */
const PREPARED_RUN = new Set(['run', 'get', 'all', 'execute', 'iterate']);
const SQL_WRITE = /^\s*\(?\s*(insert|update|replace|upsert|merge)\b/i;
const SQL_TAG = /(^|\.)(sql|SQL|\$executeRaw|\$queryRaw)$/;
const MAX_DEPTH = 6;
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
    if (r.model.kind === 'database' && r.definitions.some((d) => hashesPasswordsInHooks(d, project))) return [];
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
  const c: Collector = { project, sink: call, out: [] };
  for (const e of stored) collectValues(c, e, new Set(), [], 0);
  return { reportNode, label, kind, values: c.out, fix };
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
    if (model) return [{ model, role: 'collection', definitions: [] }];
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
    return model && role ? { model, role, definitions: getModelDefinitions(expr, project) } : undefined;
  }
  if (o.kind === 'class' || o.kind === 'instance') {
    const base = getModelOfClass(o.cls, project, 0);
    if (!base) return undefined;
    const role: ReceiverRole = o.kind === 'class' || base.kind === 'collection' ? 'collection' : 'instance';
    return { model: base.model, role, definitions: [o.cls] };
  }
  return undefined;
}

/** The storage model of a project class that extends a modelled base (`extends Model`, `extends BaseEntity`, `extends Repository<User>`). */
function getModelOfClass(cls: ts.ClassLikeDeclaration, project: ProjectIndex, depth: number): { model: StorageModel; kind: 'record' | 'collection' } | undefined {
  const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
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

/**
 * Declarations that define the model behind a receiver, best effort: the project file a model is imported from, the
 * entity of `getRepository(User)`, `@InjectRepository(User)`, `@InjectModel(User.name)` or `Repository<User>`.
 */
function getModelDefinitions(expr: ts.Expression, project: ProjectIndex): ts.Node[] {
  const out: ts.Node[] = [];
  const addEntity = (e: ts.Expression | ts.EntityName) => {
    let root: ts.Node = e;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    if (ts.isIdentifier(root) || ts.isQualifiedName(root)) {
      const decl = resolveTypeName(root, project).decl;
      if (decl) out.push(decl);
      else if (ts.isIdentifier(root)) out.push(...getImportedDeclaration(root, project));
    }
  };
  const fromDeclaration = (node: ts.Node) => {
    if (ts.canHaveDecorators(node)) {
      for (const d of ts.getDecorators(node) ?? []) if (ts.isCallExpression(d.expression)) d.expression.arguments.forEach(addEntity);
    }
    const type = (ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) ? node.type : undefined;
    if (type && ts.isTypeReferenceNode(type)) for (const arg of type.typeArguments ?? []) if (ts.isTypeReferenceNode(arg)) addEntity(arg.typeName);
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = skipOuter(node.initializer);
      if (ts.isCallExpression(init)) init.arguments.forEach((a) => ts.isIdentifier(a) && addEntity(a));
    }
  };
  const visit = (expr: ts.Expression, depth: number): void => {
    let e = skipOuter(expr);
    for (;;) {
      // this.repo: a field or constructor parameter property
      if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const cls = getEnclosingClass(e);
        const member = cls ? findClassMember(cls, e.name.text, false, project) : undefined;
        if (member) fromDeclaration(member);
        return;
      }
      if (!(ts.isPropertyAccessExpression(e) || ts.isCallExpression(e) || ts.isNewExpression(e))) break;
      e = skipOuter(e.expression);
    }
    if (!ts.isIdentifier(e)) return;
    const binding = resolveIdentifier(e);
    if (!binding) return;
    if (binding.kind === 'import') {
      out.push(...getImportedDeclaration(e, project));
      return;
    }
    fromDeclaration(binding.declaration);
    const decl = binding.declaration;
    if (!ts.isVariableDeclaration(decl) || !decl.initializer || depth >= 3) return;
    // const User = model('User', schema) in this file: its hooks sit in this file
    if (ts.isCallExpression(skipOuter(decl.initializer))) out.push(decl.initializer);
    // const member = new Member(…): the model the record comes from
    visit(decl.initializer, depth + 1);
  };
  visit(expr, 0);
  return out;
}

/** The declaration an imported name refers to in a project file. */
function getImportedDeclaration(id: ts.Identifier, project: ProjectIndex): ts.Node[] {
  const binding = resolveIdentifier(id);
  const imp = binding && getImportOf(binding);
  if (!imp) return [];
  const target = project.resolveModule(id.getSourceFile().fileName, imp.module);
  const decl = target ? getExportedDeclaration(project, target, imp.name === '*' ? 'default' : imp.name) : undefined;
  return decl ? [decl] : [];
}

/** Calls that register a hook or middleware: mongoose `schema.pre('save', fn)`, Sequelize `User.addHook(…)`, Prisma `$extends`/`$use`. */
const HOOK_CALL = /^(pre|addHook|hook|before[A-Z]\w*|\$extends|\$use)$/;
/** Object keys holding a hook or setter: Sequelize `hooks: { beforeCreate }`, a schema `set`, a TypeORM column `transformer`. */
const HOOK_KEY = /^(hooks|before[A-Z]\w*|set|transformer)$/;

/** A password hashed in a hook, and the names the hook is registered on (`userSchema` for `userSchema.pre(…)`). */
interface HashingHook {
  owners: string[];
}

const classHooks = new WeakMap<ts.Node, boolean>();
const fileHooks = new WeakMap<ts.SourceFile, HashingHook[]>();

/**
 * True when a model hashes passwords in a hook or setter, so writes through it store the hash: a model class's own
 * `@BeforeInsert()`/`@BeforeCreate` methods or setters, or a hook registered in its file on the model or its schema
 * (`userSchema.pre('save', …)`, `User.init(…, { hooks: { beforeCreate } })`, `prisma.$extends({ query })`).
 */
export function hashesPasswordsInHooks(definition: ts.Node, project: ProjectIndex): boolean {
  if (ts.isClassLike(definition)) {
    let own = classHooks.get(definition);
    if (own === undefined) classHooks.set(definition, (own = findHashingHooks(definition, true, project).length > 0));
    if (own) return true;
  }
  const sf = definition.getSourceFile();
  let hooks = fileHooks.get(sf);
  if (!hooks) fileHooks.set(sf, (hooks = findHashingHooks(sf, false, project)));
  if (!hooks.length) return false;
  const related = getRelatedNames(definition);
  return hooks.some((h) => h.owners.some((o) => related.has(o)));
}

function findHashingHooks(scope: ts.Node, withDecorated: boolean, project: ProjectIndex): HashingHook[] {
  const out: HashingHook[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.some(mentionsPassword) && isInHook(node, withDecorated) && isHashingCall(node, project)) {
      out.push({ owners: getHookOwners(node) });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return out;
}

function isInHook(node: ts.Node, withDecorated: boolean): boolean {
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); child = n, n = n.parent) {
    if (ts.isCallExpression(n) && n.arguments.includes(child as ts.Expression) && HOOK_CALL.test(getCalleeName(n.expression))) return true;
    if ((ts.isPropertyAssignment(n) || ts.isMethodDeclaration(n)) && n.name && HOOK_KEY.test(n.name.getText())) return true;
    if (ts.isSetAccessorDeclaration(n)) return true;
    if (withDecorated && ts.isMethodDeclaration(n) && ts.canHaveDecorators(n)) {
      const decorators = ts.getDecorators(n) ?? [];
      if (decorators.some((d) => /^Before/.test((ts.isCallExpression(d.expression) ? d.expression.expression : d.expression).getText()))) return true;
    }
  }
  return false;
}

/** Names a hook is registered on: the roots of the calls around it and the variable they are assigned to. */
function getHookOwners(node: ts.Node): string[] {
  const owners: string[] = [];
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      const root = getRootIdentifier(n.expression);
      if (root) owners.push(root.text);
    }
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) owners.push(n.name.text);
  }
  return owners;
}

/** Names that stand for a model definition in its file: the class and variables built from it, or a call's variable and arguments. */
function getRelatedNames(definition: ts.Node): Set<string> {
  const names = new Set<string>();
  if (ts.isClassLike(definition)) {
    if (!definition.name) return names;
    names.add(definition.name.text);
    // UserSchema = SchemaFactory.createForClass(User)
    for (const s of definition.getSourceFile().statements) {
      if (!ts.isVariableStatement(s)) continue;
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && mentionsName(d.initializer, definition.name.text)) names.add(d.name.text);
      }
    }
    return names;
  }
  // const User = model('User', userSchema)
  const e = skipOuter(definition as ts.Expression);
  if (ts.isVariableDeclaration(definition.parent) && ts.isIdentifier(definition.parent.name)) names.add(definition.parent.name.text);
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) for (const a of e.arguments ?? []) if (ts.isIdentifier(a)) names.add(a.text);
  return names;
}

function mentionsName(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  return ts.forEachChild(node, (c) => (mentionsName(c, name) ? true : undefined)) ?? false;
}

function getRootIdentifier(expr: ts.Expression): ts.Identifier | undefined {
  let e = skipOuter(expr);
  while (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e) || ts.isNewExpression(e) || ts.isElementAccessExpression(e)) e = skipOuter(e.expression);
  return ts.isIdentifier(e) ? e : undefined;
}

function getCalleeName(callee: ts.Expression): string {
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
}

function mentionsPassword(node: ts.Node): boolean {
  if (ts.isIdentifier(node)) return isPasswordName(node.text);
  if (ts.isPropertyAccessExpression(node)) return isPasswordName(node.name.text);
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return isPasswordName(node.argumentExpression.text);
  return ts.forEachChild(node, (c) => (mentionsPassword(c) ? true : undefined)) ?? false;
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

interface Collector {
  project: ProjectIndex;
  /** The write: assignments after it do not count. */
  sink: ts.Node;
  out: StoredValue[];
}

/**
 * The values a stored expression holds, field by field. `overrides` are keys replaced later (a property after a
 * spread, `user.password = hash` after the record was built), so the earlier value is not stored.
 */
function collectValues(c: Collector, expr: ts.Expression, overrides: Set<string>, steps: Step[], depth: number, key?: string): void {
  const e = skipOuter(expr);
  if (depth > MAX_DEPTH) return;
  if (ts.isObjectLiteralExpression(e)) {
    e.properties.forEach((p, i) => {
      const k = getPropertyKey(p);
      if (ts.isSpreadAssignment(p)) {
        const later = new Set(overrides);
        for (const q of e.properties.slice(i + 1)) {
          const qk = getPropertyKey(q);
          if (qk !== undefined) later.add(qk);
        }
        collectValues(c, p.expression, later, steps, depth + 1);
      } else if (k !== undefined && overrides.has(k)) {
        // replaced later
      } else if (ts.isPropertyAssignment(p)) {
        collectValues(c, p.initializer, new Set(), steps, depth + 1, k);
      } else if (ts.isShorthandPropertyAssignment(p)) {
        c.out.push({ expr: p.name, members: [], key: k, steps });
      }
    });
    return;
  }
  if (ts.isArrayLiteralExpression(e)) {
    for (const el of e.elements) collectValues(c, el, overrides, steps, depth + 1, key);
    return;
  }
  // JSON.stringify(credentials) stores every field
  if (ts.isCallExpression(e) && e.expression.getText() === 'JSON.stringify' && e.arguments[0]) {
    collectValues(c, e.arguments[0], overrides, steps, depth + 1, key);
    return;
  }
  // new User({ … }), repo.create(dto), User.build(values): the record built from the arguments
  const built = getBuiltFrom(e, c.project);
  if (built) {
    for (const a of built) collectValues(c, a, overrides, steps, depth + 1, key);
    return;
  }
  if (ts.isIdentifier(e)) {
    const binding = resolveIdentifier(e);
    if (binding && (binding.kind === 'const' || binding.kind === 'let' || binding.kind === 'var' || binding.kind === 'param')) {
      collectIdentifier(c, e, binding, overrides, steps, depth, key);
      return;
    }
  }
  c.out.push({ expr: e, members: [], key, steps });
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

function collectIdentifier(c: Collector, e: ts.Identifier, binding: Binding, overrides: Set<string>, steps: Step[], depth: number, key?: string): void {
  // user.password = …; Object.assign(user, …) before the write
  const replaced = new Set(overrides);
  for (const a of getFieldAssignments(binding, c.sink.pos)) {
    if (a.key === undefined) {
      collectValues(c, a.value, overrides, [...steps, { node: a.node, label: `merged into \`${binding.name}\`` }], depth + 1);
      continue;
    }
    if (overrides.has(a.key)) continue;
    replaced.add(a.key);
    collectValues(c, a.value, new Set(), [...steps, { node: a.node, label: `assigned to \`${binding.name}.${a.key}\`` }], depth + 1, a.key);
  }
  const decl = binding.declaration;
  const init = ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer ? skipOuter(decl.initializer) : undefined;
  if (init && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) || getBuiltFrom(init, c.project))) {
    collectValues(c, init, replaced, [...steps, { node: (decl as ts.VariableDeclaration).name, label: `stored in \`${binding.name}\`` }], depth + 1, key);
    return;
  }
  // with fields replaced, the rest of an opaque value is not followed: the core cannot drop single fields
  if (replaced.size === overrides.size) c.out.push({ expr: e, members: [], key, steps });
  // a typed value stores its password fields: repo.save(dto) with dto: CreateUserDto { password: string }
  const type = (ts.isParameter(decl) || ts.isVariableDeclaration(decl)) && ts.isIdentifier(decl.name) ? (decl.type ?? getAssertedType(decl.initializer)) : undefined;
  for (const f of type ? getTypeFields(type, c.project) : []) {
    if (f.name.kind !== 'password' || replaced.has(f.path[0])) continue;
    c.out.push({ expr: e, members: f.path, key: f.path[f.path.length - 1], steps });
  }
}

/** `request.body as SignupBody`: the type an initializer is asserted to. */
function getAssertedType(init: ts.Expression | undefined): ts.TypeNode | undefined {
  let e = init;
  while (e && (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isNonNullExpression(e))) e = e.expression;
  return e && (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) ? e.type : undefined;
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
  const c: Collector = { project, sink: call, out: [] };
  for (const a of stored) collectValues(c, a, new Set(), [], 0);
  return { reportNode: ts.isPropertyAccessExpression(callee) ? callee.name : call, label: shortText(callee), kind: 'database', values: c.out, fix: SQL_FIX };
}

/** A tagged SQL template that writes: sql`INSERT INTO users VALUES (${email}, ${password})`. */
export function getTaggedSqlSink(node: ts.TaggedTemplateExpression, project: ProjectIndex): StorageSink | undefined {
  if (!ts.isTemplateExpression(node.template) || !SQL_TAG.test(node.tag.getText())) return undefined;
  if (!SQL_WRITE.test(node.template.head.text)) return undefined;
  const c: Collector = { project, sink: node, out: [] };
  for (const span of node.template.templateSpans) collectValues(c, span.expression, new Set(), [], 0);
  return { reportNode: node.tag, label: shortText(node.tag), kind: 'database', values: c.out, fix: SQL_FIX };
}

/** Writes recognised by the receiver's text: `res.cookie(name, value)`, `ctx.cookies.set(name, value)`. */
function getNamedReceiverSink(call: ts.CallExpression, method: string, receiver: ts.Expression, reportNode: ts.Node, label: string, project: ProjectIndex): StorageSink | undefined {
  // (await cookies()).set(…) reads as cookies().set
  const text = skipOuter(receiver).getText().replace(/\s+/g, '');
  for (const model of storageModels) {
    for (const named of model.namedReceivers ?? []) {
      const spec = named.writes[method];
      if (spec && named.receiver.test(text)) return makeSink(call, reportNode, label, model.kind, getStored(call, spec, receiver), model.fix, project);
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
  const spec = GENERIC_MODEL_WRITES[method];
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  const root = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) ? e.expression : undefined;
  if (!spec || !name || !isModelLikeName(name) || !root || (!resolveIdentifier(root) && root.text !== 'this')) return [];
  const sink = makeSink(call, reportNode, label, 'database', getStored(call, spec, receiver), storageModels[0].fix, project);
  sink.values = sink.values.filter((v) => v.key !== undefined && isPasswordName(v.key));
  return sink.values.length ? [sink] : [];
}
