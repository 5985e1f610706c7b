/**
 * What a value is: a library object (`new Pool()` from 'pg'), a project function, a class instance or an object literal.
 * Follows variables, imports (also into other project files), `this` fields, constructor-injected parameters and calls.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier, getAssignmentsTo, type Binding } from './scope.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration;

export type ValueOrigin =
  /** A package import and the member/call path taken from it, e.g. pg → ['Pool', 'new'] */
  | { kind: 'module'; module: string; path: string[] }
  | { kind: 'function'; fn: FunctionNode }
  | { kind: 'class'; cls: ts.ClassLikeDeclaration }
  | { kind: 'instance'; cls: ts.ClassLikeDeclaration }
  | { kind: 'object'; obj: ts.ObjectLiteralExpression }
  /** An object made by `new` from a plain constructor function (`function UserDAO(db) { this.addUser = … }`). */
  | { kind: 'constructed'; fn: ts.FunctionDeclaration | ts.FunctionExpression }
  /** A project module namespace (`import * as repo from './repo'`). */
  | { kind: 'namespace'; file: string };

const MAX_DEPTH = 12;
const cache = new WeakMap<ts.Node, ValueOrigin[]>();
const inProgress = new Set<ts.Node>();
/**
 * Counts answers cut short (a cycle back to a node being computed, or the depth limit). A result computed under a cut
 * depends on where the question started, so it is not memoized: a later question from elsewhere computes it afresh.
 */
let cuts = 0;

/** Kinds tested on most nodes an analysis touches, as lookup tables (one array read instead of a chain of `ts.isX` calls). */
const FUNCTION_KINDS = kindTable([SyntaxKind.FunctionDeclaration, SyntaxKind.FunctionExpression, SyntaxKind.ArrowFunction, SyntaxKind.MethodDeclaration, SyntaxKind.Constructor, SyntaxKind.GetAccessor]);
const OUTER_KINDS = kindTable([SyntaxKind.ParenthesizedExpression, SyntaxKind.AsExpression, SyntaxKind.NonNullExpression, SyntaxKind.TypeAssertionExpression, SyntaxKind.SatisfiesExpression, SyntaxKind.AwaitExpression]);

function kindTable(kinds: ts.SyntaxKind[]): boolean[] {
  const table: boolean[] = [];
  for (const k of kinds) table[k] = true;
  return table;
}

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return FUNCTION_KINDS[node.kind] === true;
}

/** Strips parentheses, type assertions, `!`, `satisfies` and `await`. */
export function skipOuter(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (OUTER_KINDS[e.kind] === true) e = (e as ts.ParenthesizedExpression).expression;
  return e;
}

/** Module name of `require('x')`, `import('x')` or `await import('x')`. */
export function getRequiredModule(expr: ts.Expression): string | undefined {
  const e = skipOuter(expr);
  if (!ts.isCallExpression(e) || e.arguments.length < 1) return undefined;
  const arg = e.arguments[0];
  if (!ts.isStringLiteralLike(arg)) return undefined;
  if ((ts.isIdentifier(e.expression) && e.expression.text === 'require') || e.expression.kind === SyntaxKind.ImportKeyword) return arg.text;
  return undefined;
}

/** The package or path an import binding comes from, and the imported name ('*' for the namespace, 'default'). */
export function getImportOf(binding: Binding): { module: string; name: string } | undefined {
  const d = binding.declaration;
  if (ts.isImportSpecifier(d)) return { module: moduleOf(d.parent.parent.parent), name: (d.propertyName ?? d.name).text };
  if (ts.isImportClause(d)) return { module: moduleOf(d.parent), name: 'default' };
  if (ts.isNamespaceImport(d)) return { module: moduleOf(d.parent.parent), name: '*' };
  if (ts.isImportEqualsDeclaration(d) && ts.isExternalModuleReference(d.moduleReference) && ts.isStringLiteral(d.moduleReference.expression)) {
    return { module: d.moduleReference.expression.text, name: '*' };
  }
  return undefined;
}

function moduleOf(decl: ts.ImportDeclaration | ts.JSDocImportTag): string {
  return ts.isStringLiteral(decl.moduleSpecifier) ? decl.moduleSpecifier.text : '';
}

/** Package name of a module specifier: 'mysql2/promise' → 'mysql2', '@prisma/client' stays. */
export function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier.slice(5);
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The origins of a value (memoized per node). */
export function getValueOrigins(expr: ts.Node, project: ProjectIndex, depth = 0): ValueOrigin[] {
  const hit = cache.get(expr);
  if (hit) return hit;
  if (depth > MAX_DEPTH || inProgress.has(expr)) {
    cuts++;
    return [];
  }
  inProgress.add(expr);
  const cutsBefore = cuts;
  let result: ValueOrigin[];
  try {
    result = computeOrigins(expr, project, depth + 1);
  } finally {
    inProgress.delete(expr);
  }
  if (cuts === cutsBefore) cache.set(expr, result);
  return result;
}

function computeOrigins(node: ts.Node, project: ProjectIndex, depth: number): ValueOrigin[] {
  if (isFunctionNode(node)) return [{ kind: 'function', fn: node }];
  if (ts.isClassLike(node)) return [{ kind: 'class', cls: node }];
  if (!isExpressionNode(node)) return [];
  const e = skipOuter(node as ts.Expression);
  if (e !== node) return getValueOrigins(e, project, depth);
  if (ts.isIdentifier(e)) return originsOfIdentifier(e, project, depth);
  if (e.kind === SyntaxKind.ThisKeyword) {
    const cls = getEnclosingClass(e);
    return cls ? [{ kind: 'instance', cls }] : [];
  }
  if (ts.isObjectLiteralExpression(e)) return [{ kind: 'object', obj: e }];
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const name = getMemberName(e);
    if (name === undefined) return [];
    return getValueOrigins(e.expression, project, depth).flatMap((o) => memberOrigins(o, name, project, depth));
  }
  if (ts.isCallExpression(e)) {
    const module = getRequiredModule(e);
    if (module) return originsOfModule(module, '*', e.getSourceFile().fileName, project, depth);
    return getValueOrigins(e.expression, project, depth).flatMap((o) => callOrigins(o, project, depth));
  }
  if (ts.isTaggedTemplateExpression(e)) {
    return getValueOrigins(e.tag, project, depth).flatMap((o) => (o.kind === 'module' ? [{ ...o, path: [...o.path, '()'] }] : []));
  }
  if (ts.isNewExpression(e)) {
    return getValueOrigins(e.expression, project, depth).flatMap((o): ValueOrigin[] => {
      if (o.kind === 'module') return [{ ...o, path: [...o.path, 'new'] }];
      if (o.kind === 'class') return [{ kind: 'instance', cls: o.cls }];
      if (o.kind === 'function' && (ts.isFunctionDeclaration(o.fn) || ts.isFunctionExpression(o.fn))) return [{ kind: 'constructed', fn: o.fn }];
      return [];
    });
  }
  if (ts.isConditionalExpression(e)) return [...getValueOrigins(e.whenTrue, project, depth), ...getValueOrigins(e.whenFalse, project, depth)];
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === SyntaxKind.BarBarToken || e.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) {
    return [...getValueOrigins(e.left, project, depth), ...getValueOrigins(e.right, project, depth)];
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.EqualsToken) return getValueOrigins(e.right, project, depth);
  return [];
}

function isExpressionNode(node: ts.Node): boolean {
  return ts.isIdentifier(node) || ts.isExpression(node as ts.Expression);
}

/** `a.b` → 'b'; `a['b']` → 'b'; otherwise undefined. */
export function getMemberName(e: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  const arg = e.argumentExpression;
  return ts.isStringLiteralLike(arg) || ts.isNumericLiteral(arg) ? arg.text : undefined;
}

function originsOfIdentifier(id: ts.Identifier, project: ProjectIndex, depth: number): ValueOrigin[] {
  const binding = resolveIdentifier(id);
  if (!binding) return [];
  return originsOfBinding(binding, project, depth);
}

/** Origins of a declared name (variable, import, parameter, function, class). */
export function originsOfBinding(binding: Binding, project: ProjectIndex, depth: number): ValueOrigin[] {
  const d = binding.declaration;
  switch (binding.kind) {
    case 'function':
      return isFunctionNode(d) ? [{ kind: 'function', fn: d }] : [];
    case 'class':
      return ts.isClassLike(d) ? [{ kind: 'class', cls: d }] : [];
    case 'import': {
      const imp = getImportOf(binding);
      return imp ? originsOfModule(imp.module, imp.name, binding.id.getSourceFile().fileName, project, depth) : [];
    }
    case 'param':
      return originsOfParameter(d as ts.ParameterDeclaration, binding, project, depth);
    case 'var':
    case 'let':
    case 'const': {
      if (!ts.isVariableDeclaration(d)) return [];
      const out: ValueOrigin[] = [];
      if (d.initializer) {
        const path = getBindingPath(d.name, binding.id);
        let origins = getValueOrigins(d.initializer, project, depth);
        for (const step of path ?? []) origins = origins.flatMap((o) => memberOrigins(o, step, project, depth));
        out.push(...origins);
      }
      if (binding.kind !== 'const') {
        for (const value of getAssignedValues(binding)) out.push(...getValueOrigins(value, project, depth));
      }
      return out;
    }
    default:
      return [];
  }
}

/** Property names leading from a destructuring pattern's root to `target`: `{ a: { b } }` → ['a', 'b']. */
export function getBindingPath(name: ts.BindingName, target: ts.Identifier): string[] | undefined {
  if (ts.isIdentifier(name)) return name === target ? [] : undefined;
  for (let i = 0; i < name.elements.length; i++) {
    const el = name.elements[i];
    if (ts.isOmittedExpression(el)) continue;
    const inner = getBindingPath(el.name, target);
    if (!inner) continue;
    if (el.dotDotDotToken) return inner;
    if (ts.isArrayBindingPattern(name)) return [String(i), ...inner];
    const key = el.propertyName ?? el.name;
    const keyText = ts.isIdentifier(key) || ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) ? key.text : '?';
    return [keyText, ...inner];
  }
  return undefined;
}

/** Right-hand sides of `x = …` assignments to a binding anywhere in its scope. */
export function getAssignedValues(binding: Binding): ts.Expression[] {
  return getAssignmentsTo(binding)
    .filter((a) => a.operatorToken.kind === SyntaxKind.EqualsToken)
    .map((a) => a.right);
}

function originsOfParameter(param: ts.ParameterDeclaration, binding: Binding, project: ProjectIndex, depth: number): ValueOrigin[] {
  const out: ValueOrigin[] = [];
  // NestJS injection: @InjectRepository(User) repo, @InjectDataSource() ds, @InjectModel(User.name) model
  for (const dec of ts.canHaveDecorators(param) ? (ts.getDecorators(param) ?? []) : []) {
    const callee = ts.isCallExpression(dec.expression) ? dec.expression.expression : dec.expression;
    if (!ts.isIdentifier(callee)) continue;
    const b = resolveIdentifier(callee);
    const imp = b && getImportOf(b);
    if (imp) out.push({ kind: 'module', module: packageName(imp.module), path: [imp.name, 'inject'] });
  }
  if (param.type) out.push(...originsOfType(param.type, project, depth));
  if (param.initializer) out.push(...getValueOrigins(param.initializer, project, depth));
  if (!ts.isIdentifier(param.name)) {
    const path = getBindingPath(param.name, binding.id);
    if (path && param.type) return out.flatMap((o) => path.reduce<ValueOrigin[]>((acc, step) => acc.flatMap((x) => memberOrigins(x, step, project, depth)), [o]));
  }
  return out;
}

/** A declared type as evidence: `pool: Pool` (imported from 'pg') or a project class `service: UserService`. */
export function originsOfType(type: ts.TypeNode, project: ProjectIndex, depth: number): ValueOrigin[] {
  if (ts.isUnionTypeNode(type)) return type.types.flatMap((t) => originsOfType(t, project, depth));
  if (!ts.isTypeReferenceNode(type)) return [];
  const name = type.typeName;
  const root = ts.isIdentifier(name) ? name : leftmost(name);
  const binding = resolveIdentifier(root);
  if (!binding) return [];
  const member = ts.isQualifiedName(name) ? name.right.text : undefined;
  if (binding.kind === 'class' && ts.isClassLike(binding.declaration)) return [{ kind: 'instance', cls: binding.declaration }];
  if (binding.kind !== 'import') return [];
  const imp = getImportOf(binding)!;
  const target = project.resolveModule(binding.id.getSourceFile().fileName, imp.module);
  if (target) {
    const decl = getExportedDeclaration(project, target, member ?? imp.name, depth);
    return decl && ts.isClassLike(decl) ? [{ kind: 'instance', cls: decl }] : [];
  }
  const path = imp.name === '*' || imp.name === 'default' ? [] : [imp.name];
  if (member) path.push(member);
  return [{ kind: 'module', module: packageName(imp.module), path: [...path, 'instance'] }];
}

function leftmost(name: ts.QualifiedName): ts.Identifier {
  let n: ts.EntityName = name;
  while (ts.isQualifiedName(n)) n = n.left;
  return n;
}

/** Origins of an import: a project file's export, or a package path. */
function originsOfModule(specifier: string, name: string, fromFile: string, project: ProjectIndex, depth: number): ValueOrigin[] {
  const target = project.resolveModule(fromFile, specifier);
  if (!target) return [{ kind: 'module', module: packageName(specifier), path: name === '*' || name === 'default' ? [] : [name] }];
  if (name === '*') {
    // require() of a CommonJS module that assigns module.exports = value
    const assigned = getExportedDeclaration(project, target, 'module.exports', depth);
    return assigned ? getValueOrigins(assigned, project, depth) : [{ kind: 'namespace', file: target }];
  }
  const decl = getExportedDeclaration(project, target, name, depth);
  return decl ? getValueOrigins(decl, project, depth) : [];
}

function memberOrigins(origin: ValueOrigin, name: string, project: ProjectIndex, depth: number): ValueOrigin[] {
  switch (origin.kind) {
    case 'module':
      return [{ ...origin, path: [...origin.path, name] }];
    case 'namespace': {
      const decl = getExportedDeclaration(project, origin.file, name, depth);
      return decl ? getValueOrigins(decl, project, depth) : [];
    }
    case 'object': {
      const prop = getObjectProperty(origin.obj, name);
      return prop ? getValueOrigins(prop, project, depth) : [];
    }
    case 'constructed': {
      const values = getConstructedMembers(origin.fn).get(name) ?? [];
      return values.flatMap((v) => getValueOrigins(v, project, depth));
    }
    case 'instance':
    case 'class': {
      const member = findClassMember(origin.cls, name, origin.kind === 'class', project, depth);
      // `class PrismaService extends PrismaClient`: what the project class does not declare, the package class has
      if (!member) return origin.kind === 'instance' ? getPackageBases(origin.cls, project, depth).map((o) => ({ ...o, path: [...o.path, 'new', name] })) : [];
      if (isFunctionNode(member)) return [{ kind: 'function', fn: member }];
      return getMemberValueOrigins(member, project, depth);
    }
    default:
      return [];
  }
}

/** Values a class field can hold: its initializer, its type, and `this.x = …` assignments in the class. */
function getMemberValueOrigins(member: ts.Node, project: ProjectIndex, depth: number): ValueOrigin[] {
  // every `this.repo` in a class asks about the same member: memoized like getValueOrigins, unless cut short
  const hit = memberCache.get(member);
  if (hit) return hit;
  const cutsBefore = cuts;
  const out = computeMemberValueOrigins(member, project, depth);
  if (cuts === cutsBefore) memberCache.set(member, out);
  return out;
}

const memberCache = new WeakMap<ts.Node, ValueOrigin[]>();

function computeMemberValueOrigins(member: ts.Node, project: ProjectIndex, depth: number): ValueOrigin[] {
  const out: ValueOrigin[] = [];
  if (ts.isPropertyDeclaration(member)) {
    if (member.initializer) out.push(...getValueOrigins(member.initializer, project, depth));
    if (member.type) out.push(...originsOfType(member.type, project, depth));
    const cls = member.parent;
    const name = member.name.getText();
    for (const v of getThisAssignments(cls as ts.ClassLikeDeclaration, name)) out.push(...getValueOrigins(v, project, depth));
  } else if (ts.isParameter(member)) {
    const binding = ts.isIdentifier(member.name) ? resolveIdentifier(member.name) : undefined;
    if (binding) out.push(...originsOfParameter(member, binding, project, depth));
  } else if (ts.isExpression(member as ts.Expression)) {
    out.push(...getValueOrigins(member, project, depth));
  }
  return out;
}

/** What a class's methods and constructor write into its fields, by field name (one walk per class serves every name). */
interface ThisWrites {
  /** Right-hand sides of `this.<name> = …`. */
  assigned: Map<string, ts.Expression[]>;
  /** Arguments of `this.<name>.push(…)` / `unshift(…)`. */
  added: Map<string, ts.Expression[]>;
}

const thisWrites = new WeakMap<ts.ClassLikeDeclaration, ThisWrites>();

function getThisWrites(cls: ts.ClassLikeDeclaration): ThisWrites {
  let writes = thisWrites.get(cls);
  if (writes) return writes;
  const found: ThisWrites = { assigned: new Map(), added: new Map() };
  const add = (index: Map<string, ts.Expression[]>, key: string, values: readonly ts.Expression[]) => index.set(key, [...(index.get(key) ?? []), ...values]);
  const visit = (node: ts.Node): void => {
    if (ts.isClassLike(node) && node !== cls) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === SyntaxKind.ThisKeyword) {
      add(found.assigned, node.left.name.text, [node.right]);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && (node.expression.name.text === 'push' || node.expression.name.text === 'unshift')) {
      const target = node.expression.expression;
      if (ts.isPropertyAccessExpression(target) && target.expression.kind === SyntaxKind.ThisKeyword) add(found.added, target.name.text, node.arguments);
    }
    ts.forEachChild(node, visit);
  };
  for (const m of cls.members) visit(m);
  thisWrites.set(cls, (writes = found));
  return writes;
}

/** Right-hand sides of `this.<name> = …` in a class's methods and constructor. */
export function getThisAssignments(cls: ts.ClassLikeDeclaration, name: string): ts.Expression[] {
  return getThisWrites(cls).assigned.get(name) ?? [];
}

/** Values a class adds to one of its array fields: the arguments of `this.filters.push(…)` / `unshift(…)` in its members. */
export function getThisArrayAdditions(cls: ts.ClassLikeDeclaration, name: string): ts.Expression[] {
  return getThisWrites(cls).added.get(name) ?? [];
}

/**
 * The members an object made by a constructor function gets: `this.<name> = …` in the function (arrow functions
 * included, nested functions with their own `this` not) and `F.prototype.<name> = …` beside it.
 */
function getConstructedMembers(fn: ts.FunctionDeclaration | ts.FunctionExpression): Map<string, ts.Expression[]> {
  let members = constructedMembers.get(fn);
  if (members) return members;
  const index = new Map<string, ts.Expression[]>();
  const add = (name: string, value: ts.Expression) => {
    const list = index.get(name);
    if (list) list.push(value);
    else index.set(name, [value]);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === SyntaxKind.ThisKeyword) {
      add(node.left.name.text, node.right);
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  // UserDAO.prototype.addUser = function (…) { … }
  const name = fn.name?.text ?? (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined);
  if (name) {
    for (const statement of fn.getSourceFile().statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, right, operatorToken } = statement.expression;
      if (operatorToken.kind !== SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left) || !ts.isPropertyAccessExpression(left.expression)) continue;
      const proto = left.expression;
      if (proto.name.text === 'prototype' && ts.isIdentifier(proto.expression) && proto.expression.text === name) add(left.name.text, right);
    }
  }
  constructedMembers.set(fn, index);
  return index;
}

const constructedMembers = new WeakMap<ts.Node, Map<string, ts.Expression[]>>();

/** A method, field or parameter property named `name` in a class or its project base classes. */
export function findClassMember(cls: ts.ClassLikeDeclaration, name: string, isStatic: boolean, project: ProjectIndex, depth = 0): ts.Node | undefined {
  for (const m of cls.members) {
    const staticMember = ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === SyntaxKind.StaticKeyword);
    if (staticMember !== isStatic) continue;
    if (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) || ts.isPrivateIdentifier(m.name)) && m.name.text === name) {
      if (ts.isMethodDeclaration(m) || ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) return m;
    }
    if (!isStatic && ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) {
        const isProperty = ts.canHaveModifiers(p) && (ts.getModifiers(p) ?? []).length > 0;
        if (isProperty && ts.isIdentifier(p.name) && p.name.text === name) return p;
      }
    }
  }
  // base class in the project
  const heritage = cls.heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword);
  const base = heritage?.types[0]?.expression;
  if (base && depth < MAX_DEPTH) {
    for (const o of getValueOrigins(base, project, depth + 1)) {
      if (o.kind === 'class') return findClassMember(o.cls, name, isStatic, project, depth + 1);
    }
  }
  return undefined;
}

/**
 * Origins plus, for an instance of a project class that extends a package class (`class PrismaService extends
 * PrismaClient`), that package class's instance: receivers whose methods the project class inherits.
 */
export function withPackageBases(origins: ValueOrigin[], project: ProjectIndex): ValueOrigin[] {
  if (!origins.some((o) => o.kind === 'instance')) return origins;
  return origins.flatMap((o): ValueOrigin[] => (o.kind === 'instance' ? [o, ...getPackageBases(o.cls, project, 0).map((b) => ({ ...b, path: [...b.path, 'new'] }))] : [o]));
}

/** The package classes a project class extends, directly or through project base classes (`extends PrismaClient`, `extends Pool`). */
function getPackageBases(cls: ts.ClassLikeDeclaration, project: ProjectIndex, depth: number): Array<Extract<ValueOrigin, { kind: 'module' }>> {
  const heritage = cls.heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword);
  const base = heritage?.types[0]?.expression;
  if (!base || depth >= MAX_DEPTH) return [];
  return getValueOrigins(base, project, depth + 1).flatMap((o) => (o.kind === 'module' ? [o] : o.kind === 'class' ? getPackageBases(o.cls, project, depth + 1) : []));
}

function callOrigins(origin: ValueOrigin, project: ProjectIndex, depth: number): ValueOrigin[] {
  if (origin.kind === 'module') return [{ ...origin, path: [...origin.path, '()'] }];
  if (origin.kind === 'function') {
    return getReturnedExpressions(origin.fn).flatMap((r) => getValueOrigins(r, project, depth));
  }
  return [];
}

/** The expressions a function may return (an arrow's expression body counts); memoized per function. */
export function getReturnedExpressions(fn: FunctionNode): readonly ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const hit = returnedExpressions.get(fn);
  if (hit) return hit;
  const out: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  returnedExpressions.set(fn, out);
  return out;
}

const returnedExpressions = new WeakMap<FunctionNode, ts.Expression[]>();

/** The initializer of a property in an object literal (shorthand and methods too). */
export function getObjectProperty(obj: ts.ObjectLiteralExpression, name: string): ts.Node | undefined {
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i];
    if (ts.isSpreadAssignment(p)) continue;
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name) || ts.isNumericLiteral(p.name)) ? p.name.text : undefined;
    if (key !== name) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
    if (ts.isMethodDeclaration(p)) return p;
  }
  return undefined;
}

export function getEnclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let n: ts.Node | undefined = node.parent;
  while (n) {
    if (ts.isClassLike(n)) return n;
    // `this` inside a non-arrow function is that function's own
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
    n = n.parent;
  }
  return undefined;
}

const exportCaches = new WeakMap<ProjectIndex, Map<string, ts.Node | null>>();

/** The declaration a project file exports under `name` (follows re-exports and CommonJS `module.exports`). */
export function getExportedDeclaration(project: ProjectIndex, file: string, name: string, depth = 0): ts.Node | undefined {
  const key = `${file}\0${name}`;
  let exportCache = exportCaches.get(project);
  if (!exportCache) exportCaches.set(project, (exportCache = new Map()));
  const hit = exportCache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  exportCache.set(key, null);
  const sf = project.getSourceFile(file);
  const found = sf && depth < MAX_DEPTH ? findExport(project, sf, name, depth) : undefined;
  exportCache.set(key, found ?? null);
  return found;
}


function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === SyntaxKind.ExportKeyword);
}

function hasDefaultModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === SyntaxKind.DefaultKeyword);
}

function findExport(project: ProjectIndex, sf: ts.SourceFile, name: string, depth: number): ts.Node | undefined {
  const local = (localName: string) => {
    const id = findTopLevelDeclaration(sf, localName);
    return id;
  };
  for (const s of sf.statements) {
    if (name === 'default') {
      if (ts.isExportAssignment(s) && !s.isExportEquals) return s.expression;
      if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && hasExportModifier(s) && hasDefaultModifier(s)) return s;
    }
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name && hasExportModifier(s) && !hasDefaultModifier(s)) return s;
    if (ts.isEnumDeclaration(s) && s.name.text === name && hasExportModifier(s)) return s;
    if (ts.isVariableStatement(s) && hasExportModifier(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d.initializer ?? d;
    }
    if (ts.isExportDeclaration(s)) {
      const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      if (s.exportClause && ts.isNamedExports(s.exportClause)) {
        for (const spec of s.exportClause.elements) {
          if (spec.name.text !== name) continue;
          const original = (spec.propertyName ?? spec.name).text;
          if (from) {
            const target = project.resolveModule(sf.fileName, from);
            return target ? getExportedDeclaration(project, target, original, depth + 1) : undefined;
          }
          return local(original);
        }
      } else if (from && !s.exportClause) {
        const target = project.resolveModule(sf.fileName, from);
        const found = target ? getExportedDeclaration(project, target, name, depth + 1) : undefined;
        if (found) return found;
      }
    }
    // CommonJS: module.exports = { a, b } / module.exports = fn / exports.a = …
    if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === SyntaxKind.EqualsToken) {
      const left = s.expression.left;
      const right = s.expression.right;
      const text = left.getText(sf);
      if (text === 'module.exports') {
        if (name === 'default' || name === 'module.exports') return right;
        const object = ts.isIdentifier(right) ? local(right.text) : right;
        if (object && ts.isObjectLiteralExpression(object)) {
          const prop = getObjectProperty(object, name);
          if (prop) return ts.isIdentifier(prop) ? (local(prop.text) ?? prop) : prop;
        }
      } else if (text === `module.exports.${name}` || text === `exports.${name}`) return right;
    }
  }
  if (name === 'default' || name === 'module.exports') {
    // `export = x` (TypeScript CommonJS)
    for (const s of sf.statements) if (ts.isExportAssignment(s) && s.isExportEquals) return s.expression;
  }
  return undefined;
}

function findTopLevelDeclaration(sf: ts.SourceFile, name: string): ts.Node | undefined {
  for (const s of sf.statements) {
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name) return s;
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d.initializer ?? d;
    }
    if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name?.text === name) return c.name;
      const nb = c.namedBindings;
      if (nb && ts.isNamedImports(nb)) for (const spec of nb.elements) if (spec.name.text === name) return spec.name;
      if (nb && ts.isNamespaceImport(nb) && nb.name.text === name) return nb.name;
    }
  }
  return undefined;
}

/** Project functions a call may invoke (through variables, imports, methods of known classes and objects). */
export function resolveCallee(call: ts.CallExpression | ts.NewExpression, project: ProjectIndex): FunctionNode[] {
  const origins = getValueOrigins(call.expression, project);
  const out: FunctionNode[] = [];
  for (const o of origins) {
    if (o.kind === 'function') out.push(o.fn);
    else if (o.kind === 'class' && ts.isNewExpression(call)) {
      const ctor = o.cls.members.find(ts.isConstructorDeclaration);
      if (ctor) out.push(ctor);
    }
  }
  return out;
}

/** A parameter's name as messages show it: `id`, or a destructuring pattern on one line (`{ ids, force }`). */
export function describeParameterName(name: ts.BindingName): string {
  if (ts.isIdentifier(name)) return name.text;
  const text = name.getText().replace(/\s+/g, ' ').replace(/,\s*([}\]])/g, ' $1').replace(/([{[])\s*/g, '$1 ').replace(/\s*([}\]])/g, ' $1');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A readable name for a function: `query`, `UserRepo.findByName`. */
export function describeFunction(fn: FunctionNode): string {
  const own = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : undefined;
  if (ts.isMethodDeclaration(fn) || ts.isConstructorDeclaration(fn) || ts.isGetAccessorDeclaration(fn)) {
    const cls = fn.parent;
    const clsName = ts.isClassLike(cls) && cls.name ? cls.name.text : undefined;
    const member = ts.isConstructorDeclaration(fn) ? 'constructor' : (own ?? fn.name?.getText() ?? 'method');
    return clsName ? `${clsName}.${member}` : member;
  }
  if (own) return own;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  // this.addUser = (…) => …; UserDAO.prototype.addUser = function (…) { … }
  if (ts.isBinaryExpression(parent) && parent.right === fn && ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  return 'anonymous function';
}

/** The name callers use for a function (to find call sites by text), if it has one. */
export function getCallableName(fn: FunctionNode): string | undefined {
  if (ts.isConstructorDeclaration(fn)) return ts.isClassLike(fn.parent) ? fn.parent.name?.text : undefined;
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name))) return parent.name.text;
  if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  if (ts.isExportAssignment(parent)) return undefined;
  return undefined;
}

/** True when the function is exported from its module (directly, by name, or as a class member of an exported class). */
export function isExported(fn: FunctionNode): boolean {
  let n: ts.Node = fn;
  let variableName: string | undefined;
  if (ts.isMethodDeclaration(fn) || ts.isConstructorDeclaration(fn)) n = fn.parent;
  // a function of an exported object: `export const userRepository = { async insert(…) {…}, find: async () => … }`
  const objectHolder = ts.isObjectLiteralExpression(n) ? n : ts.isPropertyAssignment(fn.parent) && ts.isObjectLiteralExpression(fn.parent.parent) ? fn.parent.parent : undefined;
  if (objectHolder && ts.isVariableDeclaration(objectHolder.parent) && objectHolder.parent.initializer === objectHolder) {
    n = objectHolder;
    const declaration = objectHolder.parent;
    if (ts.isIdentifier(declaration.name)) variableName = declaration.name.text;
    if (hasExportModifier(declaration.parent.parent)) return true;
  }
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
    const p = n.parent;
    if (ts.isVariableDeclaration(p)) {
      if (ts.isIdentifier(p.name)) variableName = p.name.text;
      n = p.parent.parent;
    } else if (ts.isExportAssignment(p)) return true;
    // module.exports = function () {…}, exports.create = async () => {…}
    else if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === SyntaxKind.EqualsToken && isCommonJsExportTarget(p.left)) return true;
  }
  if (hasExportModifier(n)) return true;
  const name = ts.isClassLike(n) || ts.isFunctionDeclaration(n) ? n.name?.text : variableName;
  if (ts.isObjectLiteralExpression(n) && !name) return false;
  const sf = fn.getSourceFile();
  if (name && getCommonJsExportNames(sf).has(name)) return true;
  if (name) {
    for (const s of sf.statements) {
      if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause)) {
        if (s.exportClause.elements.some((e) => (e.propertyName ?? e.name).text === name)) return true;
      }
      if (ts.isExportAssignment(s) && ts.isIdentifier(s.expression) && s.expression.text === name) return true;
    }
  }
  return false;
}

/** `module.exports`, `module.exports.x`, `exports.x`. */
function isCommonJsExportTarget(e: ts.Expression): boolean {
  const text = e.getText();
  return text === 'module.exports' || /^(?:module\.)?exports\.[\w$]+$/.test(text);
}

const commonJsExports = new WeakMap<ts.SourceFile, Set<string>>();

/** Names a CommonJS module exports: `module.exports = name`, `module.exports = { a, b: c }`, `exports.x = name`. */
function getCommonJsExportNames(sf: ts.SourceFile): Set<string> {
  let names = commonJsExports.get(sf);
  if (names) return names;
  names = new Set();
  for (const s of sf.statements) {
    if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression) || s.expression.operatorToken.kind !== SyntaxKind.EqualsToken) continue;
    const { left, right } = s.expression;
    if (!isCommonJsExportTarget(left)) continue;
    const value = skipOuter(right);
    if (ts.isIdentifier(value)) names.add(value.text);
    else if (ts.isObjectLiteralExpression(value)) {
      for (const p of value.properties) {
        if (ts.isShorthandPropertyAssignment(p)) names.add(p.name.text);
        else if (ts.isPropertyAssignment(p) && ts.isIdentifier(skipOuter(p.initializer))) names.add((skipOuter(p.initializer) as ts.Identifier).text);
      }
    }
  }
  commonJsExports.set(sf, names);
  return names;
}

export type { Binding };
