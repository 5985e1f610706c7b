/**
 * Type-driven sensitivity, without a type checker: which sensitive fields a declared type (interface, class, type alias,
 * type literal, imported from any project file) or a validation schema (zod, Joi, yup, a DTO class) says a value has.
 * `interface User { password: string; mfaEnabled: boolean }` gives `password` (booleans and numbers say nothing).
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier } from './scope.js';
import { getImportOf, getExportedDeclaration, packageName, skipOuter } from './values.js';
import { classifyName, NETWORK_ADDRESS_SIBLINGS, splitWords, type SensitiveName } from './sensitive.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** A sensitive field of a value: `['password']`, `['profile', 'ssn']`, `['body', 'password']` of a request. */
export interface SensitiveField {
  path: string[];
  name: SensitiveName;
}

/**
 * Last words that make a name a container or helper around a secret rather than the secret (`authConfig`, `jwtOptions`,
 * `tokenClient`, `authUser`, `jwtPayload`): what it holds is decided by its fields, not its name.
 */
const CONTAINER_WORDS = new Set([
  'config', 'configuration', 'options', 'opts', 'settings', 'service', 'client', 'middleware', 'guard', 'router', 'routes', 'controller',
  'handler', 'plugin', 'module', 'factory', 'util', 'utils', 'helper', 'helpers', 'logger', 'instance', 'provider', 'providers', 'strategy', 'algorithm',
  'alg', 'issuer', 'audience', 'scope', 'scopes', 'claims', 'payload', 'decoded', 'arn', 'user', 'users', 'context', 'ctx', 'hook', 'event',
  'events', 'enabled', 'disabled', 'api', 'sdk', 'lib', 'manager', 'cache', 'repository', 'repo', 'model', 'schema', 'dto', 'entity', 'form',
  'adapter', 'adapters', 'transport', 'transporter', 'template', 'templates', 'queue', 'job', 'jobs', 'worker', 'verified', 'verification',
  'confirmed', 'sent', 'domain', 'domains', 'subject', 'body', 'content', 'html', 'sender', 'server', 'servers', 'endpoint', 'endpoints',
]);

/** The shared classifier, minus names whose last word makes them a container (`authConfig`) — for values and fields in logs. */
export function classifyValueName(name: string): SensitiveName | undefined {
  const named = classifyName(name);
  if (!named) return undefined;
  const words = splitWords(name);
  // a bare `mail` is a message being sent (`send(mail)`), not an address
  if (words.length === 1 && words[0] === 'mail') return undefined;
  return words.length > 1 && CONTAINER_WORDS.has(words[words.length - 1]) ? undefined : named;
}

type TypeDeclaration = ts.InterfaceDeclaration | ts.ClassLikeDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration;

/** A declared type name: a project declaration, or a package's export. */
interface ResolvedType {
  decl?: TypeDeclaration;
  library?: { module: string; name: string };
}

const MAX_DEPTH = 4;
const PASS_THROUGH = new Set(['Partial', 'Required', 'Readonly', 'NonNullable', 'Promise', 'Array', 'ReadonlyArray', 'Awaited', 'Set', 'PromiseLike']);
const fieldCache = new WeakMap<ts.Node, SensitiveField[]>();

/** Sensitive fields a declared type gives a value (arrays and promises are transparent). */
export function getTypeFields(type: ts.TypeNode, project: ProjectIndex, depth = 0): SensitiveField[] {
  if (depth > MAX_DEPTH) return [];
  switch (type.kind) {
    case SyntaxKind.TypeLiteral:
      return getMemberFields((type as ts.TypeLiteralNode).members, project, depth);
    case SyntaxKind.ArrayType:
      return getTypeFields((type as ts.ArrayTypeNode).elementType, project, depth + 1);
    case SyntaxKind.ParenthesizedType:
    case SyntaxKind.TypeOperator:
      return getTypeFields((type as ts.ParenthesizedTypeNode).type, project, depth + 1);
    case SyntaxKind.UnionType:
    case SyntaxKind.IntersectionType:
      return dedupeFields((type as ts.UnionTypeNode).types.flatMap((t) => getTypeFields(t, project, depth + 1)));
    case SyntaxKind.TypeReference:
      return getReferenceFields(type as ts.TypeReferenceNode, project, depth);
    default:
      return [];
  }
}

function getReferenceFields(ref: ts.TypeReferenceNode, project: ProjectIndex, depth: number): SensitiveField[] {
  const resolved = resolveTypeName(ref.typeName, project);
  const args = ref.typeArguments ?? [];
  if (resolved.decl) return getDeclarationFields(resolved.decl, project, depth + 1);
  const name = ts.isIdentifier(ref.typeName) ? ref.typeName.text : ref.typeName.right.text;
  if (resolved.library) return getLibraryTypeFields(resolved.library, args, project, depth);
  // Omit<User, 'password'>, Pick<User, 'id' | 'email'>, Partial<User>, Promise<User>, User[]
  if (args[0] && PASS_THROUGH.has(name)) return getTypeFields(args[0], project, depth + 1);
  if (args[0] && args[1] && (name === 'Omit' || name === 'Pick')) {
    const keys = getLiteralKeys(args[1]);
    const fields = getTypeFields(args[0], project, depth + 1);
    return name === 'Omit' ? fields.filter((f) => !keys.includes(f.path[0])) : fields.filter((f) => keys.includes(f.path[0]));
  }
  return [];
}

/** Generic request types of the HTTP frameworks: `Request<Params, ResBody, ReqBody, Query>`, `FastifyRequest<{ Body: Dto }>`. */
function getLibraryTypeFields(library: { module: string; name: string }, args: readonly ts.TypeNode[], project: ProjectIndex, depth: number): SensitiveField[] {
  const pkg = packageName(library.module);
  const prefixed = (prefix: string, type: ts.TypeNode | undefined) => (type ? getTypeFields(type, project, depth + 1).map((f) => ({ path: [prefix, ...f.path], name: f.name })) : []);
  if (pkg === 'express' && library.name === 'Request') return [...prefixed('params', args[0]), ...prefixed('body', args[2]), ...prefixed('query', args[3])];
  if (pkg === 'fastify' && library.name === 'FastifyRequest' && args[0] && ts.isTypeLiteralNode(args[0])) {
    const member = (key: string) => args[0] && ts.isTypeLiteralNode(args[0]) ? args[0].members.find((m) => ts.isPropertySignature(m) && m.name.getText() === key) : undefined;
    const typeOf = (key: string) => (member(key) as ts.PropertySignature | undefined)?.type;
    return [...prefixed('body', typeOf('Body')), ...prefixed('query', typeOf('Querystring')), ...prefixed('params', typeOf('Params'))];
  }
  return [];
}

/** Sensitive fields of an interface (with its bases), a class (fields, parameter properties, `this.x =`), or an alias. */
export function getDeclarationFields(decl: TypeDeclaration, project: ProjectIndex, depth = 0): SensitiveField[] {
  const hit = fieldCache.get(decl);
  if (hit) return hit;
  fieldCache.set(decl, []);
  let fields: SensitiveField[] = [];
  if (depth <= MAX_DEPTH) {
    if (ts.isInterfaceDeclaration(decl)) {
      fields = [...getMemberFields(decl.members, project, depth), ...getHeritageFields(decl, project, depth)];
    } else if (ts.isClassLike(decl)) {
      fields = [...getMemberFields(decl.members, project, depth), ...getConstructorFields(decl), ...getHeritageFields(decl, project, depth)];
    } else if (ts.isTypeAliasDeclaration(decl)) {
      fields = getTypeFields(decl.type, project, depth + 1);
    }
  }
  fields = dedupeFields(fields);
  fieldCache.set(decl, fields);
  return fields;
}

function getHeritageFields(decl: ts.InterfaceDeclaration | ts.ClassLikeDeclaration, project: ProjectIndex, depth: number): SensitiveField[] {
  const out: SensitiveField[] = [];
  for (const clause of decl.heritageClauses ?? []) {
    if (ts.isClassLike(decl) && clause.token !== SyntaxKind.ExtendsKeyword) continue;
    for (const t of clause.types) {
      if (ts.isCallExpression(t.expression)) out.push(...getMappedTypeFields(t.expression, project, depth));
      if (!ts.isIdentifier(t.expression)) continue;
      const base = resolveTypeName(t.expression, project).decl;
      if (base) out.push(...getDeclarationFields(base, project, depth + 1));
    }
  }
  return out;
}

/** NestJS mapped types: `PartialType(CreateUserDto)`, `OmitType(User, ['password'])`, `PickType(User, ['email'])`, `IntersectionType(A, B)`. */
function getMappedTypeFields(call: ts.CallExpression, project: ProjectIndex, depth: number): SensitiveField[] {
  const name = ts.isIdentifier(call.expression) ? call.expression.text : undefined;
  if (!name || !MAPPED_TYPES.has(name)) return [];
  const fieldsOf = (arg: ts.Expression | undefined): SensitiveField[] => {
    if (!arg) return [];
    if (ts.isCallExpression(arg)) return getMappedTypeFields(arg, project, depth + 1);
    const decl = ts.isIdentifier(arg) ? resolveTypeName(arg, project).decl : undefined;
    return decl ? getDeclarationFields(decl, project, depth + 1) : [];
  };
  const first = call.arguments[0];
  const second = call.arguments[1] && skipOuter(call.arguments[1]);
  if (name === 'IntersectionType') return call.arguments.flatMap((a) => fieldsOf(a));
  if (name === 'PartialType') return fieldsOf(first);
  const keys = second && ts.isArrayLiteralExpression(second) ? second.elements.filter(ts.isStringLiteralLike).map((e) => e.text) : undefined;
  if (!keys) return [];
  const fields = fieldsOf(first);
  return name === 'OmitType' ? fields.filter((f) => !keys.includes(f.path[0])) : fields.filter((f) => keys.includes(f.path[0]));
}

const MAPPED_TYPES = new Set(['PartialType', 'OmitType', 'PickType', 'IntersectionType']);

/** Fields of properties and signatures: a sensitive name unless declared boolean/number/enum or `select: false`. */
function getMemberFields(members: ts.NodeArray<ts.Node>, project: ProjectIndex, depth: number): SensitiveField[] {
  const out: SensitiveField[] = [];
  // `{ address, family, port }` (Node's AddressInfo): a network address
  const isNetworkAddress = members.some((m) => (ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) && ts.isIdentifier(m.name) && NETWORK_ADDRESS_SIBLINGS.has(m.name.text));
  for (const m of members) {
    if (!(ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) || !m.name) continue;
    if (ts.isPropertyDeclaration(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === SyntaxKind.StaticKeyword)) continue;
    const key = getPropertyNameText(m.name);
    if (key === undefined) continue;
    const name = classifyValueName(key);
    if (name) {
      if (name.kind === 'address' && isNetworkAddress) continue;
      if (!(m.type && isNonTextType(m.type, project)) && !isUnselectedColumn(m)) out.push({ path: [key], name });
      continue;
    }
    if (m.type) for (const f of getTypeFields(m.type, project, depth + 1)) out.push({ path: [key, ...f.path], name: f.name });
  }
  return out;
}

/** `constructor(public apiKey: string)` and `this.apiKey = apiKey` in a JavaScript class. */
function getConstructorFields(cls: ts.ClassLikeDeclaration): SensitiveField[] {
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  if (!ctor) return [];
  const out: SensitiveField[] = [];
  for (const p of ctor.parameters) {
    const isProperty = ts.canHaveModifiers(p) && (ts.getModifiers(p) ?? []).length > 0;
    const name = isProperty && ts.isIdentifier(p.name) ? classifyValueName(p.name.text) : undefined;
    if (name && !(p.type && isNonTextType(p.type, undefined))) out.push({ path: [(p.name as ts.Identifier).text], name });
  }
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === SyntaxKind.ThisKeyword) {
      const name = classifyValueName(node.left.name.text);
      const value = skipOuter(node.right);
      const constant = ts.isLiteralExpression(value) || value.kind === SyntaxKind.TrueKeyword || value.kind === SyntaxKind.FalseKeyword || value.kind === SyntaxKind.NullKeyword;
      if (name && !constant) out.push({ path: [node.left.name.text], name });
    }
    if (!ts.isFunctionLike(node) || node === ctor) ts.forEachChild(node, visit);
  };
  visit(ctor);
  return out;
}

/** TypeORM/Mongoose columns declared `select: false` are not loaded unless asked for. */
function isUnselectedColumn(m: ts.Node): boolean {
  if (!ts.canHaveDecorators(m)) return false;
  return (ts.getDecorators(m) ?? []).some((d) => {
    if (!ts.isCallExpression(d.expression)) return false;
    return d.expression.arguments.some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'select' && p.initializer.kind === SyntaxKind.FalseKeyword));
  });
}

/** True for types that cannot hold text: number, boolean, bigint, literals, enums, Date, and unions of these. */
export function isNonTextType(type: ts.TypeNode, project: ProjectIndex | undefined, depth = 0): boolean {
  if (depth > 5) return false;
  switch (type.kind) {
    case SyntaxKind.NumberKeyword:
    case SyntaxKind.BooleanKeyword:
    case SyntaxKind.BigIntKeyword:
    case SyntaxKind.LiteralType:
      return true;
    case SyntaxKind.ParenthesizedType:
      return isNonTextType((type as ts.ParenthesizedTypeNode).type, project, depth + 1);
    case SyntaxKind.UnionType:
      return (type as ts.UnionTypeNode).types.every((t) => t.kind === SyntaxKind.UndefinedKeyword || t.kind === SyntaxKind.NullKeyword || isNonTextType(t, project, depth + 1));
    case SyntaxKind.TypeReference: {
      const ref = type as ts.TypeReferenceNode;
      if (ts.isIdentifier(ref.typeName) && ref.typeName.text === 'Date') return true;
      const decl = project ? resolveTypeName(ref.typeName, project).decl : undefined;
      if (decl && ts.isEnumDeclaration(decl)) return true;
      if (decl && ts.isTypeAliasDeclaration(decl)) return isNonTextType(decl.type, project, depth + 1);
      return false;
    }
    default:
      return false;
  }
}

/** The declaration a type name refers to: same file, an import of a project file (through re-exports), or a package export. */
export function resolveTypeName(name: ts.EntityName | ts.Expression, project: ProjectIndex): ResolvedType {
  const root = ts.isQualifiedName(name) ? leftmost(name) : name;
  if (!ts.isIdentifier(root)) return {};
  const member = ts.isQualifiedName(name) ? name.right.text : undefined;
  const sf = root.getSourceFile();
  if (!member) {
    const local = findTypeInStatements(sf.statements, root.text, false);
    if (local) return { decl: local };
  }
  const binding = resolveIdentifier(root);
  if (binding && (binding.kind === 'class') && ts.isClassLike(binding.declaration) && !member) return { decl: binding.declaration };
  if (!binding || binding.kind !== 'import') return {};
  const imp = getImportOf(binding);
  if (!imp) return {};
  const target = project.resolveModule(sf.fileName, imp.module);
  if (!target) {
    const exported = member ?? (imp.name === '*' || imp.name === 'default' ? imp.name : imp.name);
    return { library: { module: imp.module, name: exported } };
  }
  const exportedName = imp.name === '*' ? member : imp.name;
  if (!exportedName) return {};
  const decl = findExportedType(project, target, exportedName, 0);
  return decl ? { decl } : {};
}

function findExportedType(project: ProjectIndex, file: string, name: string, depth: number): TypeDeclaration | undefined {
  if (depth > 6) return undefined;
  const sf = project.getSourceFile(file);
  if (!sf) return undefined;
  const own = findTypeInStatements(sf.statements, name, true);
  if (own) return own;
  for (const s of sf.statements) {
    if (!ts.isExportDeclaration(s)) continue;
    const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
    if (s.exportClause && ts.isNamedExports(s.exportClause)) {
      const spec = s.exportClause.elements.find((e) => e.name.text === name);
      if (!spec) continue;
      const original = (spec.propertyName ?? spec.name).text;
      if (!from) return findTypeInStatements(sf.statements, original, false);
      const target = project.resolveModule(sf.fileName, from);
      return target ? findExportedType(project, target, original, depth + 1) : undefined;
    }
    if (from && !s.exportClause) {
      const target = project.resolveModule(sf.fileName, from);
      const found = target ? findExportedType(project, target, name, depth + 1) : undefined;
      if (found) return found;
    }
  }
  // `export default class User {}` or a class exported as a value
  const value = getExportedDeclaration(project, file, name);
  return value && ts.isClassLike(value) ? value : undefined;
}

function findTypeInStatements(statements: ts.NodeArray<ts.Statement>, name: string, exportedOnly: boolean): TypeDeclaration | undefined {
  for (const s of statements) {
    if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name) {
      if (!exportedOnly || (ts.getModifiers(s) ?? []).some((m) => m.kind === SyntaxKind.ExportKeyword)) return s;
    }
  }
  return undefined;
}

function leftmost(name: ts.QualifiedName): ts.Identifier | ts.EntityName {
  let n: ts.EntityName = name;
  while (ts.isQualifiedName(n)) n = n.left;
  return n;
}

/** `'a' | 'b'` → ['a', 'b']. */
function getLiteralKeys(type: ts.TypeNode): string[] {
  if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return [type.literal.text];
  if (ts.isUnionTypeNode(type)) return type.types.flatMap(getLiteralKeys);
  return [];
}

function getPropertyNameText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : undefined;
}

/** Fields with distinct paths, first kept. */
export function dedupeFields(fields: SensitiveField[]): SensitiveField[] {
  const seen = new Set<string>();
  return fields.filter((f) => {
    const key = f.path.join('.');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Schema builders whose object argument lists the fields: `z.object({…})`, `Joi.object({…})`, `yup.object().shape({…})`. */
const SCHEMA_METHODS = new Set(['object', 'shape', 'keys', 'extend', 'append']);
/** Schema methods that keep the receiver's fields. */
const SCHEMA_MODIFIERS = new Set(['strict', 'strip', 'passthrough', 'required', 'partial', 'noUnknown', 'unknown', 'options', 'describe', 'label', 'meta', 'openapi']);
/** A schema value that cannot hold text: `z.boolean()`, `Joi.number()`. */
const NON_TEXT_SCHEMA = /\b(boolean|bool|number|integer|int|date)\s*\(/;

/** Sensitive fields a validation schema or DTO class declares (zod, Joi, yup, class-validator classes). */
export function getSchemaFields(expr: ts.Expression, project: ProjectIndex, depth = 0): SensitiveField[] {
  if (depth > MAX_DEPTH) return [];
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const binding = resolveIdentifier(e);
    if (!binding) return [];
    if (binding.kind === 'class' && ts.isClassLike(binding.declaration)) return getDeclarationFields(binding.declaration, project, depth + 1);
    if (binding.kind === 'const' && ts.isVariableDeclaration(binding.declaration) && binding.declaration.initializer && ts.isIdentifier(binding.declaration.name)) {
      return getSchemaFields(binding.declaration.initializer, project, depth + 1);
    }
    if (binding.kind === 'import') {
      const imp = getImportOf(binding);
      const target = imp && project.resolveModule(e.getSourceFile().fileName, imp.module);
      const decl = target && imp ? getExportedDeclaration(project, target, imp.name) : undefined;
      if (decl && ts.isClassLike(decl)) return getDeclarationFields(decl, project, depth + 1);
      if (decl && ts.isExpression(decl as ts.Expression)) return getSchemaFields(decl as ts.Expression, project, depth + 1);
    }
    return [];
  }
  if (!ts.isCallExpression(e)) return [];
  const callee = e.expression;
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!method) return [];
  const receiver = ts.isPropertyAccessExpression(callee) ? getSchemaFields(callee.expression, project, depth + 1) : [];
  if (SCHEMA_METHODS.has(method)) {
    const arg = e.arguments[0];
    if (arg && ts.isObjectLiteralExpression(arg)) return dedupeFields([...receiver, ...getSchemaLiteralFields(arg)]);
    return receiver;
  }
  return SCHEMA_MODIFIERS.has(method) ? receiver : [];
}

function getSchemaLiteralFields(obj: ts.ObjectLiteralExpression): SensitiveField[] {
  const out: SensitiveField[] = [];
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = getPropertyNameText(p.name);
    const name = key === undefined ? undefined : classifyValueName(key);
    if (key && name && !NON_TEXT_SCHEMA.test(p.initializer.getText())) out.push({ path: [key], name });
  }
  return out;
}
