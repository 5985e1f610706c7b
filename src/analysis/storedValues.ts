/**
 * The values a write stores, field by field: object literals (a later property replaces a spread), arrays, records built
 * by `new User(…)` or a model's builder, `JSON.stringify(x)`, and variables with the field writes made before the write
 * (`user.password = hash` replaces the password the record was built with). A typed value stores its password fields
 * (`repo.save(dto)` with `dto: CreateUserDto`).
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier, type Binding } from './scope.js';
import { skipOuter } from './values.js';
import { getModelPasswordFields } from './model-fields.js';
import { getTypeFields } from './sensitive-types.js';
import { getReferences } from './scope.js';
import type { Step } from './taint.js';
import { getFieldAssignments, getPropertyKey } from './passwords.js';
import { getAccessPath, getRequestSource } from './sources.js';
import { getMemberName } from './values.js';
import { isPasswordName } from './sensitive.js';
import { getRequestFields } from './request-fields.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

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

/** The arguments a record is built from, when an expression builds one (`repo.create(dto)` → [dto]); undefined otherwise. */
export type BuiltFrom = (e: ts.Expression) => ts.Expression[] | undefined;

const MAX_DEPTH = 6;

/** The values the expressions given to a write store. */
export function collectStoredValues(stored: readonly ts.Expression[], sink: ts.Node, project: ProjectIndex, builtFrom: BuiltFrom): StoredValue[] {
  const c: Collector = { project, sink, out: [], builtFrom };
  for (const e of stored) collectValues(c, e, new Set(), [], 0);
  return c.out;
}

interface Collector {
  project: ProjectIndex;
  /** The write: assignments after it do not count. */
  sink: ts.Node;
  out: StoredValue[];
  builtFrom: BuiltFrom;
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
  const built = c.builtFrom(e);
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
  pushBodyPasswordFields(c, e, overrides, steps);
}

/**
 * A whole request body stored (`User.create(req.body)`, `new User({ ...req.body, role })`) stores its password fields:
 * those the handler reads from it (`req.body.password`, `const { password } = req.body`) or its route's validation
 * schema declares. Fields written or deleted before the write (`req.body.password = await hash(…)`) are not.
 */
function pushBodyPasswordFields(c: Collector, body: ts.Expression, overrides: ReadonlySet<string>, steps: Step[], alias?: Binding): void {
  for (const field of getBodyPasswordFields(body, c.sink.pos, c.project, alias, getCreatedModel(body))) {
    if (!overrides.has(field)) c.out.push({ expr: body, members: [field], key: field, steps });
  }
}

/** Password names read as fields of `alias` (`data.password` after `const data = req.body`). */
function getAliasPasswordReads(alias: Binding): string[] {
  const out: string[] = [];
  for (const ref of getReferences(alias)) {
    const holder = ref.parent;
    if (!(ts.isPropertyAccessExpression(holder) || ts.isElementAccessExpression(holder)) || holder.expression !== ref) continue;
    const field = getMemberName(holder);
    if (field !== undefined && isPasswordName(field)) out.push(field);
  }
  return out;
}

/** Methods that create a record from the object they are given: the model's declared fields are what gets stored. */
const CREATING_METHODS = new Set(['create', 'build', 'insertMany', 'bulkCreate']);

/** `User` of `User.create(req.body)` or `new User(req.body)`: a record made whole from the body. */
function getCreatedModel(body: ts.Expression): ts.Expression | undefined {
  let n: ts.Node = body;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isAwaitExpression(n.parent)) n = n.parent;
  const holder = n.parent;
  if (ts.isNewExpression(holder) && holder.arguments?.[0] === n) return holder.expression;
  if (ts.isCallExpression(holder) && holder.arguments[0] === n && ts.isPropertyAccessExpression(holder.expression) && CREATING_METHODS.has(holder.expression.name.text)) return holder.expression.expression;
  return undefined;
}

/**
 * Password fields a stored body carries: read by the handler, declared by its route's schema, or, for a record made
 * from the whole body (`User.create(req.body)`), declared by the model: a client's `password` lands there as sent.
 */
function getBodyPasswordFields(body: ts.Expression, beforePos: number, project: ProjectIndex, alias?: Binding, model?: ts.Expression): string[] {
  const access = getAccessPath(body);
  if (!access || access.called || access.members[access.members.length - 1] !== 'body' || !getRequestSource(body)) return [];
  const binding = resolveIdentifier(access.root);
  const param = binding?.declaration;
  if (!binding || !param || !ts.isParameter(param)) return [];
  const bodyPath = access.members;
  const fields = new Set<string>();
  const written = new Set<string>();
  for (const ref of getReferences(binding)) {
    // walk up `req.body`, then read the field: `req.body.password`, `const { password } = req.body`
    let n: ts.Node = ref;
    let i = 0;
    while (i < bodyPath.length && (ts.isPropertyAccessExpression(n.parent) || ts.isElementAccessExpression(n.parent)) && n.parent.expression === n && getMemberName(n.parent) === bodyPath[i]) {
      n = n.parent;
      i++;
    }
    if (i < bodyPath.length) continue;
    const holder = n.parent;
    if ((ts.isPropertyAccessExpression(holder) || ts.isElementAccessExpression(holder)) && holder.expression === n) {
      const field = getMemberName(holder);
      if (field === undefined || !isPasswordName(field)) continue;
      const isWrite = (ts.isBinaryExpression(holder.parent) && holder.parent.left === holder && holder.parent.operatorToken.kind === SyntaxKind.EqualsToken) || ts.isDeleteExpression(holder.parent);
      if (isWrite && holder.end <= beforePos) written.add(field);
      else fields.add(field);
      continue;
    }
    let outer: ts.Node = n;
    while (ts.isAsExpression(outer.parent) || ts.isParenthesizedExpression(outer.parent) || ts.isAwaitExpression(outer.parent) || ts.isNonNullExpression(outer.parent) || ts.isSatisfiesExpression(outer.parent)) outer = outer.parent;
    const decl = outer.parent;
    if (ts.isVariableDeclaration(decl) && decl.initializer === outer && ts.isObjectBindingPattern(decl.name)) {
      for (const el of decl.name.elements) {
        const name = el.propertyName ?? el.name;
        if (!el.dotDotDotToken && ts.isIdentifier(name) && isPasswordName(name.text)) fields.add(name.text);
      }
    }
  }
  if (alias) for (const f of getAliasPasswordReads(alias)) fields.add(f);
  if (model) for (const f of getModelPasswordFields(model, project)) fields.add(f);
  for (const f of getRequestFields(param, project)) {
    const last = f.path[f.path.length - 1];
    if (f.name.kind === 'password' && f.path.length === bodyPath.length + 1 && bodyPath.every((m, k) => f.path[k] === m)) fields.add(last);
  }
  return [...fields].filter((f) => !written.has(f));
}

function collectIdentifier(c: Collector, e: ts.Identifier, binding: Binding, overrides: Set<string>, steps: Step[], depth: number, key?: string): void {
  // user.password = …; Object.assign(user, …) before the write
  const replaced = new Set(overrides);
  // `delete doc.password` before the write removes the field
  for (const key of getDeletedFields(binding, c.sink.pos)) replaced.add(key);
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
  if (init && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) || c.builtFrom(init))) {
    collectValues(c, init, replaced, [...steps, { node: (decl as ts.VariableDeclaration).name, label: `stored in \`${binding.name}\`` }], depth + 1, key);
    return;
  }
  // with fields replaced or deleted (here or by an enclosing literal), the rest of an opaque value is not followed: the core cannot drop single fields
  if (replaced.size === 0) c.out.push({ expr: e, members: [], key, steps });
  // const data = req.body; User.create(data)
  if (init) pushBodyPasswordFields(c, init, replaced, [...steps, { node: (decl as ts.VariableDeclaration).name, label: `stored in \`${binding.name}\`` }], binding);
  // a typed value stores its password fields: repo.save(dto) with dto: CreateUserDto { password: string }
  const type = (ts.isParameter(decl) || ts.isVariableDeclaration(decl)) && ts.isIdentifier(decl.name) ? (decl.type ?? getAssertedType(decl.initializer)) : undefined;
  for (const f of type ? getTypeFields(type, c.project) : []) {
    // a field of a related record (`pet.user.password`) is written, if at all, by that record's own model and hooks
    if (f.name.kind !== 'password' || f.path.length !== 1 || replaced.has(f.path[0])) continue;
    c.out.push({ expr: e, members: f.path, key: f.path[f.path.length - 1], steps });
  }
}

/** Keys removed with `delete x.key` (or `delete x['key']`) before `pos`, in the binding's scope. */
function getDeletedFields(binding: Binding, pos: number): string[] {
  const out: string[] = [];
  for (const ref of getReferences(binding)) {
    if (ref.end > pos) continue;
    const access = ref.parent;
    if (!(ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access)) || access.expression !== ref) continue;
    if (!ts.isDeleteExpression(access.parent)) continue;
    const key = ts.isPropertyAccessExpression(access) ? access.name.text : ts.isStringLiteralLike(access.argumentExpression) ? access.argumentExpression.text : undefined;
    if (key) out.push(key);
  }
  return out;
}

/** `request.body as SignupBody`: the type an initializer is asserted to. */
function getAssertedType(init: ts.Expression | undefined): ts.TypeNode | undefined {
  let e = init;
  while (e && (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isNonNullExpression(e))) e = e.expression;
  return e && (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) ? e.type : undefined;
}
