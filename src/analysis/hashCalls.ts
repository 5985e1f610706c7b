/**
 * Recognises hashing and encryption calls from the models in src/models/password-hashing.ts: direct calls
 * (`bcrypt.hash(pw, 12)`, `CryptoJS.MD5(pw)`), promisified ones (`promisify(crypto.scrypt)`), and the streaming form
 * `createHash('sha1').update(pw)`, whose data enters through `update`.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier } from './scope.js';
import { getValueOrigins, getImportOf, getRequiredModule, resolveCallee, skipOuter, isFunctionNode, type FunctionNode } from './values.js';
import { getStaticString } from './constant.js';
import { describeAlgorithm, getGlobalHashModels, getHashModels, type HashFunction, type HashModel } from '../models/password-hashing.js';

export interface HashCall {
  model: HashModel;
  fn: HashFunction;
  /** The call of the modelled function (`crypto.createHash('md5')` for the streaming form). */
  call: ts.CallExpression;
  /** The expression hashed, when this call takes it (`update`'s argument for the streaming form). */
  input?: ts.Expression;
  /** `crypto.createHash('md5')`, `bcrypt.hash`: how the sink reads in a message. */
  label: string;
  /** Display name: `MD5`, `HMAC-SHA256`, `bcrypt`. */
  algorithm: string;
}

const MAX_WALK = 6;

/** The modelled hash functions a callee denotes (through imports, requires, subpath imports, globals and `promisify`). */
export function getHashFunctions(callee: ts.Expression, project: ProjectIndex, depth = 0): Array<{ model: HashModel; fn: HashFunction }> {
  const out: Array<{ model: HashModel; fn: HashFunction }> = [];
  const origins = getValueOrigins(callee, project);
  for (const o of origins) {
    if (o.kind !== 'module') continue;
    // const scrypt = promisify(crypto.scrypt)
    if (o.module === 'util' && o.path.length === 2 && o.path[0] === 'promisify' && o.path[1] === '()') {
      const target = getPromisifiedTarget(callee);
      if (target && depth < 2) out.push(...getHashFunctions(target, project, depth + 1));
      continue;
    }
    const specifier = getRootSpecifier(callee);
    for (const model of getHashModels(o.module)) {
      const prefix = specifier ? model.subpaths?.[specifier] : undefined;
      const path = prefix && !startsWith(o.path, prefix) ? [...prefix, ...o.path] : o.path;
      const fn = model.functions.find((f) => samePath(f.path, path));
      if (fn) out.push({ model, fn });
    }
  }
  if (!origins.length) {
    // crypto.subtle.digest(…) on the browser global, also as window.crypto / globalThis.crypto
    const members = getGlobalPath(callee);
    if (members) {
      for (const model of getGlobalHashModels(members[0])) {
        const fn = model.functions.find((f) => samePath(f.path, members.slice(1)));
        if (fn) out.push({ model, fn });
      }
    }
  }
  return out;
}

/** A direct hash call, or `update(data)` on a streaming hash or cipher. */
export function getHashCall(call: ts.CallExpression, project: ProjectIndex): HashCall | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'update') {
    const stream = findStreamingCreate(callee.expression, project);
    if (stream) return { ...stream, input: call.arguments[0] };
  }
  for (const { model, fn } of getHashFunctions(callee, project)) {
    if (fn.streaming) continue;
    return { model, fn, call, input: fn.input === undefined ? undefined : call.arguments[fn.input], label: shortText(callee), algorithm: getAlgorithm(fn, call) };
  }
  return undefined;
}

/** The `createHash(…)`/`createHmac`/`createCipheriv` call a streaming receiver comes from: chained, or through a variable. */
export function findStreamingCreate(receiver: ts.Expression, project: ProjectIndex): Omit<HashCall, 'input'> | undefined {
  let e = skipOuter(receiver);
  for (let i = 0; i < MAX_WALK; i++) {
    if (ts.isCallExpression(e)) {
      const callee = e.expression;
      // createHash('md5').update(a).update(b)
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'update') {
        e = skipOuter(callee.expression);
        continue;
      }
      for (const { model, fn } of getHashFunctions(callee, project)) {
        if (fn.streaming) return { model, fn, call: e, label: describeStreamingCall(fn, e), algorithm: getAlgorithm(fn, e) };
      }
      return undefined;
    }
    if (ts.isIdentifier(e)) {
      const binding = resolveIdentifier(e);
      const decl = binding?.declaration;
      if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
      e = skipOuter(decl.initializer);
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** True when a call hashes or encrypts its input: a modelled function, a method of a hash stream, or a call named so. */
export function isHashingCall(call: ts.CallExpression, project: ProjectIndex): boolean {
  if (isNamedHashing(call)) return true;
  if (getHashFunctions(call.expression, project).length) return true;
  const callee = call.expression;
  // createHash('sha256').update(pw).digest('hex'), cipher.update(pw) + cipher.final()
  if (ts.isPropertyAccessExpression(callee) && findStreamingCreate(callee.expression, project)) return true;
  return resolveCallee(call, project).some((fn) => callsHashing(fn, project));
}

const HASHING_NAME = /hash|crypt|argon|scrypt|pbkdf|kdf|digest|derive|cipher|hmac|sha\d|md5|seal/i;

/** `hashPassword(pw)`, `this.hashingService.hash(pw)`, `Hash.make(pw)` (AdonisJS), `encrypt(pw)`: the name says it hashes. */
function isNamedHashing(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return HASHING_NAME.test(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (HASHING_NAME.test(callee.name.text)) return true;
  const receiver = callee.expression;
  const receiverName = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : '';
  return /hash/i.test(receiverName);
}

const bodyCache = new WeakMap<FunctionNode, boolean>();

/** True when a project function's own body calls a hashing function (a `hashPassword` helper in another file). */
function callsHashing(fn: FunctionNode, project: ProjectIndex): boolean {
  const hit = bodyCache.get(fn);
  if (hit !== undefined) return hit;
  bodyCache.set(fn, false);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && (isNamedHashing(node) || getHashFunctions(node.expression, project).length)) {
      found = true;
      return;
    }
    if (isFunctionNode(node) && node !== fn && !isInlineCallback(node)) return;
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  bodyCache.set(fn, found);
  return found;
}

/** `new Promise((resolve) => crypto.scrypt(pw, salt, 64, cb))`: a callback written in place still belongs to the function. */
function isInlineCallback(fn: ts.Node): boolean {
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.isCallExpression(fn.parent) || ts.isNewExpression(fn.parent));
}

/** `crypto.createHmac('sha256')`: the function with its algorithm argument only (keys and IVs left out). */
function describeStreamingCall(fn: HashFunction, call: ts.CallExpression): string {
  const arg = fn.algorithmArgument === undefined ? undefined : call.arguments[fn.algorithmArgument];
  return `${shortText(call.expression)}(${arg ? arg.getText() : ''})`;
}

/** The algorithm of a hash call: fixed by the model, or the string argument naming it (`createHash('sha1')` → SHA-1). */
function getAlgorithm(fn: HashFunction, call: ts.CallExpression): string {
  if (fn.algorithm) return fn.algorithm;
  const arg = fn.algorithmArgument === undefined ? undefined : call.arguments[fn.algorithmArgument];
  const name = arg ? getStaticString(arg) : undefined;
  if (name === undefined) return fn.kind === 'keyed' ? 'an HMAC' : fn.kind === 'cipher' ? 'a cipher' : 'a general-purpose digest';
  const display = describeAlgorithm(name);
  return fn.kind === 'keyed' ? `HMAC-${display}` : display;
}

/** `promisify(crypto.scrypt)` behind a variable: the function promisified. */
function getPromisifiedTarget(callee: ts.Expression): ts.Expression | undefined {
  const e = skipOuter(callee);
  const init = ts.isIdentifier(e) ? getConstInitializer(e) : ts.isCallExpression(e) ? e : undefined;
  if (!init || !ts.isCallExpression(init)) return undefined;
  return init.arguments[0];
}

function getConstInitializer(id: ts.Identifier): ts.Expression | undefined {
  const decl = resolveIdentifier(id)?.declaration;
  return decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer ? skipOuter(decl.initializer) : undefined;
}

/** The full module specifier the callee's root was imported or required from (`crypto-js/md5`). */
function getRootSpecifier(callee: ts.Expression): string | undefined {
  let e = skipOuter(callee);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = skipOuter(e.expression);
  if (ts.isCallExpression(e)) return getRequiredModule(e);
  if (!ts.isIdentifier(e)) return undefined;
  const binding = resolveIdentifier(e);
  if (!binding) return undefined;
  const imp = getImportOf(binding);
  if (imp) return imp.module.replace(/^node:/, '');
  const init = getConstInitializer(e);
  return init ? getRequiredModule(init) : undefined;
}

/** `crypto.subtle.digest` → ['crypto', 'subtle', 'digest'] when the root is an unresolved global (`window.` stripped). */
function getGlobalPath(callee: ts.Expression): string[] | undefined {
  const members: string[] = [];
  let e = skipOuter(callee);
  while (ts.isPropertyAccessExpression(e)) {
    members.unshift(e.name.text);
    e = skipOuter(e.expression);
  }
  if (!ts.isIdentifier(e) || resolveIdentifier(e)) return undefined;
  if (['window', 'globalThis', 'self'].includes(e.text)) return members.length ? members : undefined;
  return [e.text, ...members];
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function startsWith(path: string[], prefix: string[]): boolean {
  return prefix.every((p, i) => path[i] === p);
}

/** Source text on one line; a long chain loses its call arguments, then keeps its last 40 characters. */
export function shortText(node: ts.Node): string {
  let text = node.getText().replace(/\s*\n\s*/g, '').replace(/\s+/g, ' ');
  if (text.length > 40) text = stripArguments(text);
  return text.length > 40 ? `…${text.slice(-38)}` : text;
}

/** `client.db('app').collection('users').insertOne` → `client.db().collection().insertOne`. */
function stripArguments(text: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') {
      if (depth === 0) out += '(';
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth === 0) out += ')';
    } else if (depth === 0) out += ch;
  }
  return out;
}
