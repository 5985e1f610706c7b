/**
 * Where a model is defined, and whether it hashes passwords itself: a save hook, a setter or a query extension that
 * hashes (`@BeforeInsert()`, `schema.pre('save')`, Sequelize `hooks`, `prisma.$extends`). Writes through such a model
 * store the hash, whatever they are given.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier } from './scope.js';
import { findClassMember, getBindingPath, getEnclosingClass, getExportedDeclaration, getImportOf, getRequiredModule, getReturnedExpressions, resolveCallee, skipOuter } from './values.js';
import { resolveTypeName } from './sensitive-types.js';
import { isPasswordName } from './sensitive.js';
import { isHashingCall } from './hashCalls.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/**
 * Declarations that define the model behind a receiver, best effort: the project file a model is imported from, the
 * entity of `getRepository(User)`, `@InjectRepository(User)`, `@InjectModel(User.name)` or `Repository<User>`.
 */
export function getModelDefinitions(expr: ts.Expression, project: ProjectIndex): ts.Node[] {
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
    if (type && ts.isTypeReferenceNode(type)) {
      for (const arg of type.typeArguments ?? []) if (ts.isTypeReferenceNode(arg)) addEntity(arg.typeName);
      // a custom repository: `@EntityRepository(User) class UserRepository extends Repository<User>`
      const decl = resolveTypeName(type.typeName, project).decl;
      if (decl && ts.isClassDeclaration(decl)) addRepositoryEntity(decl);
    }
    // `const repo = dataSource.getRepository(User)`, or a class field initialised so
    if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.initializer) {
      const init = skipOuter(node.initializer);
      if (ts.isCallExpression(init)) init.arguments.forEach((a) => ts.isIdentifier(a) && addEntity(a));
    }
  };
  const addRepositoryEntity = (cls: ts.ClassDeclaration) => {
    for (const d of ts.getDecorators(cls) ?? []) if (ts.isCallExpression(d.expression)) d.expression.arguments.forEach((a) => ts.isIdentifier(a) && addEntity(a));
    for (const clause of cls.heritageClauses ?? []) {
      if (clause.token !== SyntaxKind.ExtendsKeyword) continue;
      for (const t of clause.types) for (const arg of t.typeArguments ?? []) if (ts.isTypeReferenceNode(arg)) addEntity(arg.typeName);
    }
  };
  const visit = (expr: ts.Expression, depth: number): void => {
    let e = skipOuter(expr);
    for (;;) {
      // this.repo: a field or constructor parameter property
      if (ts.isPropertyAccessExpression(e) && e.expression.kind === SyntaxKind.ThisKeyword) {
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
      for (const d of getImportedDeclaration(e, project)) {
        // `export default User` where `const User = mongoose.model('User', userSchema)`: the model it names
        if (ts.isIdentifier(d) && depth < 3) visit(d, depth + 1);
        else out.push(d);
      }
      return;
    }
    fromDeclaration(binding.declaration);
    const decl = binding.declaration;
    if (!ts.isVariableDeclaration(decl) || !decl.initializer || depth >= 3) return;
    // const { User } = require('../models'): the model exported by a CommonJS module
    const required = getRequiredModule(decl.initializer);
    if (required) {
      const exported = getRequiredExport(required, getBindingPath(decl.name, binding.id) ?? [], e.getSourceFile().fileName, project, 0);
      // module.exports = mongoose.model('User', userSchema): the hooks sit in the exporting file
      if (exported && ts.isCallExpression(skipOuter(exported))) out.push(exported);
      if (exported) visit(exported, depth + 1);
      return;
    }
    // const User = model('User', schema) in this file: its hooks sit in this file
    const init = skipOuter(decl.initializer);
    if (ts.isCallExpression(init)) {
      out.push(decl.initializer);
      // const user = await getUserById(id): the model behind what a project function returns
      for (const fn of resolveCallee(init, project)) for (const r of getReturnedExpressions(fn)) visit(r, depth + 1);
    }
    // const member = new Member(…): the model the record comes from
    visit(decl.initializer, depth + 1);
  };
  visit(expr, 0);
  // `mongoose.model('User')` looks a model up by name: the registration `mongoose.model('User', userSchema)` defines it
  for (const d of [...out]) {
    const name = getModelLookupName(d);
    if (name !== undefined) out.push(...(useDefinedModels(project).mongoose.get(name) ?? []));
  }
  // `db.user` where a models index assembles `db` at run time: the Sequelize model the project defines under that name
  if (!out.length) out.push(...findDefinedModel(expr, project));
  return out;
}

/** The name of a mongoose model look-up, `mongoose.model('User')` or `model('User')` (one argument, no schema). */
function getModelLookupName(node: ts.Node): string | undefined {
  const e = ts.isExpression(node as ts.Expression) ? skipOuter(node as ts.Expression) : undefined;
  if (!e || !ts.isCallExpression(e) || e.arguments.length !== 1 || !ts.isStringLiteralLike(e.arguments[0])) return undefined;
  const callee = e.expression;
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (method !== 'model') return undefined;
  return e.arguments[0].text;
}

/**
 * The `sequelize.define('<name>', { … })` call behind a receiver named like a model the project defines, for models
 * that a models index assembles at run time (`db[model.name] = model`, `db.user = require('./user')(sequelize, DataTypes)`),
 * which no variable leads to: `db.user.create(…)`, `const { user } = require('../models')`. Only names given to
 * `define` in a file that mentions Sequelize count, matched exactly as the index keys them.
 */
export function findDefinedModel(expr: ts.Expression, project: ProjectIndex): ts.CallExpression[] {
  const e = skipOuter(expr);
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  if (!name) return [];
  return useDefinedModels(project).sequelize.get(name) ?? [];
}

/** The project's model registry, recording the files it comes from as what the asking file's analysis read. */
function useDefinedModels(project: ProjectIndex): DefinedModels {
  const registry = getDefinedModels(project);
  for (const file of registry.files) project.getSourceFile(file);
  return registry;
}

interface DefinedModels {
  /** Files that define models (their content decides the registry: the result cache records them). */
  files: string[];
  /** Sequelize `define('<name>', { … })` calls by model name. */
  sequelize: Map<string, ts.CallExpression[]>;
  /** mongoose `model('<Name>', schema)` registrations by model name. */
  mongoose: Map<string, ts.CallExpression[]>;
}

const definedModels = new WeakMap<ProjectIndex, DefinedModels>();
const DEFINE_TEXT = /\.define\s*\(\s*['"`]/;
const SEQUELIZE_TEXT = /sequeli[sz]e|sequalize/i;
const MODEL_TEXT = /\bmodel\s*(?:<[^>]*>)?\s*\(\s*['"`]\w+['"`]\s*,/;
const MONGOOSE_TEXT = /mongoose/;

function getDefinedModels(project: ProjectIndex): DefinedModels {
  let registry = definedModels.get(project);
  if (registry) return registry;
  const found: DefinedModels = (registry = { files: [], sequelize: new Map(), mongoose: new Map() });
  const add = (map: Map<string, ts.CallExpression[]>, name: string, call: ts.CallExpression) => {
    const list = map.get(name);
    if (list) list.push(call);
    else map.set(name, [call]);
  };
  // the scan of every file's text is the registry's, not a dependency of the file that asked first
  const recorder = project.recorder;
  project.recorder = undefined;
  try {
    for (const file of project.scanned) {
      const text = project.getText(file);
      if (!text) continue;
      const sequelize = DEFINE_TEXT.test(text) && SEQUELIZE_TEXT.test(text);
      const mongoose = MODEL_TEXT.test(text) && MONGOOSE_TEXT.test(text);
      if (!sequelize && !mongoose) continue;
      const sf = project.getSourceFile(file);
      if (!sf) continue;
      found.files.push(file);
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && node.arguments.length >= 2 && ts.isStringLiteralLike(node.arguments[0])) {
          const callee = node.expression;
          const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
          const name = node.arguments[0].text;
          if (sequelize && method === 'define' && ts.isPropertyAccessExpression(callee) && ts.isObjectLiteralExpression(skipOuter(node.arguments[1]))) add(found.sequelize, name, node);
          if (mongoose && method === 'model') add(found.mongoose, name, node);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  } finally {
    project.recorder = recorder;
  }
  definedModels.set(project, registry);
  return registry;
}

/** The expression a CommonJS module exports under `path[0]` (or as a whole), following `require` chains and local names. */
function getRequiredExport(specifier: string, path: string[], fromFile: string, project: ProjectIndex, depth: number): ts.Expression | undefined {
  const target = project.resolveModule(fromFile, specifier);
  if (!target || depth > 3) return undefined;
  const decl = getExportedDeclaration(project, target, path[0] ?? 'module.exports') ?? (path.length ? undefined : getExportedDeclaration(project, target, 'default'));
  if (!decl || !ts.isExpression(decl as ts.Expression)) return undefined;
  const expr = decl as ts.Expression;
  const again = getRequiredModule(expr);
  return again ? getRequiredExport(again, path.slice(1), target, project, depth + 1) : expr;
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
  /** The hashing call. */
  at: ts.Node;
  /** The event it runs on (`save`, `beforeCreate`, `findOneAndUpdate`); undefined for decorated methods, setters and query extensions, which see every write. */
  event?: string;
}

/**
 * The hook events that run on a write, by method: mongoose's `pre('save')` does not run for `updateOne` or
 * `findByIdAndUpdate`, nor Sequelize's `beforeCreate` for a static `Model.update`. Methods not listed: any hook.
 */
const EVENTS_OF_WRITE: Record<string, string[]> = {
  save: ['save', 'validate', 'beforeCreate', 'beforeUpdate', 'beforeSave', 'beforeValidate'],
  create: ['save', 'validate', 'beforeCreate', 'beforeSave', 'beforeValidate'],
  insertMany: ['insertMany'],
  bulkCreate: ['beforeBulkCreate'],
  updateOne: ['updateOne'],
  updateMany: ['updateMany'],
  findOneAndUpdate: ['findOneAndUpdate'],
  findByIdAndUpdate: ['findOneAndUpdate'],
  replaceOne: ['replaceOne'],
  upsert: ['beforeUpsert'],
};
/** `Model.update(values, { where })` (static) runs bulk hooks; `record.update(values)` the record's. */
const STATIC_UPDATE_EVENTS = ['beforeBulkUpdate', 'update', 'updateMany'];
const RECORD_UPDATE_EVENTS = ['beforeUpdate', 'beforeSave', 'update', 'updateOne'];

/** True when a hook on `event` runs for a write by `method` (on the model itself when `onModel`). */
function runsOn(event: string | undefined, method: string | undefined, onModel: boolean): boolean {
  if (event === undefined || method === undefined) return true;
  const events = method === 'update' ? (onModel ? STATIC_UPDATE_EVENTS : RECORD_UPDATE_EVENTS) : EVENTS_OF_WRITE[method];
  return !events || events.includes(event);
}

/** The event a hook call or key names: `schema.pre('save', …)`, `User.beforeCreate(…)`, `addHook('beforeSave', …)`, `hooks: { beforeCreate }`. */
function getHookEvent(node: ts.Node): string | undefined {
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); child = n, n = n.parent) {
    if (ts.isCallExpression(n) && n.arguments.includes(child as ts.Expression) && HOOK_CALL.test(getCalleeName(n.expression))) {
      const name = getCalleeName(n.expression);
      const first = n.arguments[0];
      if ((name === 'pre' || name === 'addHook' || name === 'hook') && first && ts.isStringLiteralLike(first)) return first.text;
      return /^before[A-Z]/.test(name) ? name : undefined;
    }
    if ((ts.isPropertyAssignment(n) || ts.isMethodDeclaration(n)) && n.name && /^before[A-Z]\w*$/.test(n.name.getText())) return n.name.getText();
    if ((ts.isPropertyAssignment(n) || ts.isMethodDeclaration(n)) && n.name && HOOK_KEY.test(n.name.getText())) return undefined;
    if (ts.isSetAccessorDeclaration(n) || ts.isMethodDeclaration(n)) return undefined;
  }
  return undefined;
}

const classHooks = new WeakMap<ts.Node, boolean>();
const fileHooks = new WeakMap<ts.SourceFile, HashingHook[]>();

/**
 * True when a model hashes passwords in a hook or setter, so writes through it store the hash: a model class's own
 * `@BeforeInsert()`/`@BeforeCreate` methods or setters, or a hook registered in its file on the model or its schema
 * (`userSchema.pre('save', …)`, `User.init(…, { hooks: { beforeCreate } })`, `prisma.$extends({ query })`).
 */
export function hashesPasswordsInHooks(definition: ts.Node, project: ProjectIndex, method?: string, onModel = true): boolean {
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
  // a hook written in the definition itself: `sequelize.define('user', …, { hooks: { beforeCreate } })`
  return hooks.some((h) => runsOn(h.event, method, onModel) && ((h.at.pos >= definition.pos && h.at.end <= definition.end) || h.owners.some((o) => related.has(o))));
}

function findHashingHooks(scope: ts.Node, withDecorated: boolean, project: ProjectIndex): HashingHook[] {
  const out: HashingHook[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.some(mentionsPassword) && isInHook(node, withDecorated) && isHashingCall(node, project)) {
      out.push({ owners: getHookOwners(node), at: node, event: withDecorated ? undefined : getHookEvent(node) });
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
