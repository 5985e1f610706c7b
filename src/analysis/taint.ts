/**
 * The data-flow core: which sources (or parameters of the enclosing function) may reach an expression.
 * Demand-driven and backwards: rules ask from a sink; each expression is evaluated once per spec and memoized.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier, getAssignmentsTo, getReferences, type Binding } from './scope.js';
import {
  getBindingPath,
  getMemberName,
  getObjectProperty,
  getReturnedExpressions,
  getThisAssignments,
  getThisArrayAdditions,
  getEnclosingClass,
  findClassMember,
  isFunctionNode,
  resolveCallee,
  describeFunction,
  getExportedDeclaration,
  getImportOf,
  describeParameterName,
  type FunctionNode,
} from './values.js';
import { isAllowListed, hasSafeDeclaredType, isSafeMemberType } from './sanitizers.js';
import { getStaticString } from './constant.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

export interface SourceMatch {
  /** How the source reads in a message: `req.query.id`. */
  label: string;
  /** Kind for rules that care (e.g. 'http', 'argv', 'password'). */
  kind?: string;
}

export interface TaintSpec {
  /** Unique per spec; memo key. */
  id: string;
  /** A source expression (identifier, property access, call), or undefined. With `memberPath`, asks about `expr.a.b` reached through destructuring. */
  getSource(expr: ts.Expression, project: ProjectIndex, memberPath?: string[]): SourceMatch | undefined;
  /** A parameter that is itself a source (NestJS `@Body() dto`); `path` is the field a destructured binding reads (`({ input })` → ['input']). */
  getParameterSource?(param: ts.ParameterDeclaration, project: ProjectIndex, path: string[]): SourceMatch | undefined;
  /** Calls that clean their input (escaping functions). */
  isSanitizer?(call: ts.CallExpression, project: ProjectIndex): boolean;
  /** Expressions whose taint flows into a call's result beyond the built-in string and array methods. */
  propagate?(call: ts.CallExpression, project: ProjectIndex): ts.Expression[] | undefined;
  /** Numbers, booleans, literal unions (declared types) and allow-list checks stop taint (default true). */
  typeSanitizers?: boolean;
  /** Only text added to a list counts (`conds.push(\`a = ${x}\`)`), not records (`results.push({ …, message })`): for SQL text. */
  textListsOnly?: boolean;
}

export interface Step {
  node: ts.Node;
  label: string;
}

export interface TaintOrigin {
  kind: 'source' | 'param';
  label: string;
  /** The source expression, or the parameter declaration. */
  node: ts.Node;
  sourceKind?: string;
  fn?: FunctionNode;
  paramIndex?: number;
  /** From the origin towards the traced expression. */
  steps: Step[];
  /** True when the value went through string building (concatenation, template, format). */
  built: boolean;
  /** True when the value was taken as an element of a collection (`items.forEach(({ a }) => …)`), which is followed as a whole. */
  element?: boolean;
  /** For a parameter: the member read from it (`options.sort` → ['sort']); callers' arguments are followed along it. */
  path?: string[];
}

const MAX_ORIGINS = 16;
const MAX_DEPTH = 40;

/** Array/iterable callbacks whose first parameter receives the receiver's elements. */
const ELEMENT_CALLBACKS = new Set(['map', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'flatMap', 'sort', 'findIndex']);
/** String and array methods whose result carries the receiver's taint. */
const RECEIVER_PROPAGATORS = new Set([
  'toString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'normalize',
  'slice', 'substring', 'substr', 'padStart', 'padEnd', 'repeat', 'at', 'charAt', 'split', 'valueOf',
  'map', 'filter', 'flat', 'flatMap', 'reverse', 'sort', 'toSorted', 'toReversed', 'values', 'entries', 'keys', 'find', 'findLast',
  'get', 'getAll',
]);
/** Methods that build a string from the receiver and arguments. */
const BUILDING_METHODS = new Set(['concat', 'join', 'replace', 'replaceAll', 'padStart', 'padEnd']);
/** Global functions that clean a value for SQL text (numbers and booleans). */
const NUMERIC_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean', 'BigInt', 'isNaN', 'isFinite']);

class Tracer {
  private readonly memo = new Map<ts.Node, TaintOrigin[]>();
  private readonly active = new Set<ts.Node>();
  private depth = 0;

  constructor(
    readonly spec: TaintSpec,
    readonly project: ProjectIndex,
  ) {}

  trace(node: ts.Node): TaintOrigin[] {
    const hit = this.memo.get(node);
    if (hit) return hit;
    if (this.active.has(node) || this.depth > MAX_DEPTH) return [];
    this.active.add(node);
    this.depth++;
    let result: TaintOrigin[];
    try {
      result = dedupe(this.compute(node));
    } finally {
      this.depth--;
      this.active.delete(node);
    }
    this.memo.set(node, result);
    return result;
  }

  private compute(node: ts.Node): TaintOrigin[] {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node) || ts.isAwaitExpression(node) || ts.isSpreadElement(node)) {
      return this.trace(node.expression);
    }
    if (ts.isShorthandPropertyAssignment(node)) return this.trace(node.name);
    if (!isExpression(node)) return [];
    const expr = node as ts.Expression;
    if (getStaticString(expr) !== undefined) return [];
    if (ts.isPropertyAccessExpression(expr) && expr.name.text === 'length') return [];
    if (this.spec.typeSanitizers !== false && (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) && isAllowListed(expr)) return [];
    const source = this.sourceAt(expr);
    if (source) return [source];
    switch (expr.kind) {
      case SyntaxKind.Identifier:
        return this.traceIdentifier(expr as ts.Identifier);
      case SyntaxKind.TemplateExpression:
        return built((expr as ts.TemplateExpression).templateSpans.flatMap((s) => this.trace(s.expression)));
      case SyntaxKind.BinaryExpression:
        return this.traceBinary(expr as ts.BinaryExpression);
      case SyntaxKind.ConditionalExpression: {
        const c = expr as ts.ConditionalExpression;
        // ALLOWED.includes(x) ? x : 'default'
        if (this.spec.typeSanitizers !== false && isAllowListed(c.whenTrue, c.condition)) return this.trace(c.whenFalse);
        return [...this.trace(c.whenTrue), ...this.trace(c.whenFalse)];
      }
      case SyntaxKind.PrefixUnaryExpression:
      case SyntaxKind.PostfixUnaryExpression:
      case SyntaxKind.TypeOfExpression:
      case SyntaxKind.VoidExpression:
      case SyntaxKind.DeleteExpression:
        return [];
      case SyntaxKind.PropertyAccessExpression:
      case SyntaxKind.ElementAccessExpression:
        return this.traceMember(expr as ts.PropertyAccessExpression | ts.ElementAccessExpression);
      case SyntaxKind.CallExpression:
        return this.traceCall(expr as ts.CallExpression);
      case SyntaxKind.NewExpression: {
        const n = expr as ts.NewExpression;
        if (ts.isIdentifier(n.expression) && ['String', 'URLSearchParams', 'URL'].includes(n.expression.text)) return (n.arguments ?? []).flatMap((a) => this.trace(a));
        return [];
      }
      case SyntaxKind.ArrayLiteralExpression:
        return (expr as ts.ArrayLiteralExpression).elements.flatMap((e) => this.trace(e));
      case SyntaxKind.ObjectLiteralExpression:
        return (expr as ts.ObjectLiteralExpression).properties.flatMap((p) => {
          if (ts.isPropertyAssignment(p)) return this.trace(p.initializer);
          if (ts.isShorthandPropertyAssignment(p)) return this.trace(p.name);
          if (ts.isSpreadAssignment(p)) return this.trace(spreadSource(p.expression));
          return [];
        });
      case SyntaxKind.TaggedTemplateExpression: {
        const t = expr as ts.TaggedTemplateExpression;
        // String.raw`…${x}` builds a plain string; other tags (sql``, Prisma.sql``) parameterize
        if (t.tag.getText() === 'String.raw' && ts.isTemplateExpression(t.template)) return built(t.template.templateSpans.flatMap((s) => this.trace(s.expression)));
        return [];
      }
      default:
        return [];
    }
  }

  private sourceAt(expr: ts.Expression): TaintOrigin | undefined {
    const match = this.spec.getSource(expr, this.project);
    if (!match) return undefined;
    return { kind: 'source', label: match.label, sourceKind: match.kind, node: expr, steps: [{ node: expr, label: `source: ${match.label}` }], built: false };
  }

  private traceBinary(b: ts.BinaryExpression): TaintOrigin[] {
    switch (b.operatorToken.kind) {
      case SyntaxKind.PlusToken:
      case SyntaxKind.PlusEqualsToken:
        return built([...this.trace(b.left), ...this.trace(b.right)]);
      case SyntaxKind.BarBarToken:
      case SyntaxKind.QuestionQuestionToken:
      case SyntaxKind.AmpersandAmpersandToken:
        return [...this.trace(b.left), ...this.trace(b.right)];
      case SyntaxKind.EqualsToken:
      case SyntaxKind.BarBarEqualsToken:
      case SyntaxKind.QuestionQuestionEqualsToken:
      case SyntaxKind.CommaToken:
        return this.trace(b.right);
      default:
        // comparisons, arithmetic, bitwise: numbers and booleans
        return [];
    }
  }

  private traceIdentifier(id: ts.Identifier): TaintOrigin[] {
    if (id.text === 'undefined') return [];
    const binding = resolveIdentifier(id);
    if (!binding) return [];
    if (this.spec.typeSanitizers !== false && hasSafeDeclaredType(binding, this.project)) return [];
    switch (binding.kind) {
      case 'param':
        return this.traceParameter(binding.declaration as ts.ParameterDeclaration, binding, id);
      case 'var':
      case 'let':
      case 'const':
        return this.traceVariable(binding, id);
      case 'import':
        return this.traceImport(binding);
      default:
        return [];
    }
  }

  private traceImport(binding: Binding): TaintOrigin[] {
    const imp = getImportOf(binding);
    if (!imp || imp.name === '*') return [];
    const target = this.project.resolveModule(binding.id.getSourceFile().fileName, imp.module);
    const decl = target ? getExportedDeclaration(this.project, target, imp.name) : undefined;
    return decl && isExpression(decl) ? this.trace(decl) : [];
  }

  /** Values that reach a variable at the use: its initializer and the assignments before it, stopping at one that always runs. */
  private traceVariable(binding: Binding, use: ts.Identifier): TaintOrigin[] {
    const decl = binding.declaration as ts.VariableDeclaration;
    const defs = getDefinitions(binding, use);
    const out: TaintOrigin[] = [];
    for (const def of defs) {
      if (def === decl) {
        out.push(...this.traceDeclaration(decl, binding));
      } else {
        out.push(...withStep(this.trace(def), def, `assigned to \`${binding.name}\``));
      }
    }
    // const parts = []; parts.push(`${key} = '${value}'`); … parts.join(' AND ')
    // (not what came from an element of another collection: elements are followed as a whole, too coarse to list again)
    for (const added of getArrayAdditions(binding, use, this.spec.textListsOnly === true)) out.push(...withStep(this.trace(added).filter((o) => !o.element), added, `added to \`${binding.name}\``));
    return out;
  }

  private traceDeclaration(decl: ts.VariableDeclaration, binding: Binding): TaintOrigin[] {
    const init = decl.initializer;
    if (!init) {
      // for (const x of tainted)
      const loop = decl.parent?.parent;
      if (loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && loop.initializer === decl.parent) {
        return withStep(this.trace(loop.expression), decl.name, `\`${binding.name}\` iterates it`);
      }
      return [];
    }
    const path = getBindingPath(decl.name, binding.id) ?? [];
    let origins = path.length ? this.traceAlongPath(init, path) : this.trace(init);
    // default value in a destructuring pattern: const { a = fallback } = …
    const element = binding.id.parent;
    if (ts.isBindingElement(element) && element.initializer) origins = [...origins, ...this.trace(element.initializer)];
    return withStep(origins, decl.name, `\`${binding.name}\` is assigned`);
  }

  /** Taint of `root.path[0].path[1]…`, following object literals field by field. */
  private traceAlongPath(root: ts.Expression, path: string[]): TaintOrigin[] {
    const target = unwrap(root);
    // cond ? { a: x } : { a: y }, config ?? { a: x }: the field of each branch
    if (path.length && ts.isConditionalExpression(target)) return [...this.traceAlongPath(target.whenTrue, path), ...this.traceAlongPath(target.whenFalse, path)];
    if (path.length && ts.isBinaryExpression(target) && (target.operatorToken.kind === SyntaxKind.BarBarToken || target.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) {
      return [...this.traceAlongPath(target.left, path), ...this.traceAlongPath(target.right, path)];
    }
    if (ts.isObjectLiteralExpression(target) && path.length) {
      const prop = getObjectProperty(target, path[0]);
      if (prop) return isExpression(prop) ? this.traceAlongPath(prop as ts.Expression, path.slice(1)) : [];
      const spreads = target.properties.filter(ts.isSpreadAssignment);
      return spreads.flatMap((s) => this.traceAlongPath(spreadSource(s.expression), path));
    }
    if (ts.isArrayLiteralExpression(target) && path.length && /^\d+$/.test(path[0])) {
      const el = target.elements[Number(path[0])];
      return el ? this.traceAlongPath(el, path.slice(1)) : [];
    }
    if (path.length && this.isSafeMember(target, path[0])) return [];
    // `const config = cond ? { column: c } : undefined; … config.column`: the field of what the variable holds
    if (path.length && ts.isIdentifier(target)) {
      const binding = resolveIdentifier(target);
      const decl = binding?.declaration;
      if (binding && (binding.kind === 'const' || binding.kind === 'let') && decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer) {
        const defs = getDefinitions(binding, target);
        return defs.flatMap((d) => withStep(this.traceAlongPath(d === decl ? decl.initializer! : (d as ts.Expression), path), d === decl ? decl.name : d, d === decl ? `\`${binding.name}\` is assigned` : `assigned to \`${binding.name}\``));
      }
      // `const [first] = await load(…)`, `const { user } = …` read as `first.name`: the field below the binding's own path
      if (binding?.kind === 'const' && decl && ts.isVariableDeclaration(decl) && !ts.isIdentifier(decl.name) && decl.initializer) {
        const bindingPath = getBindingPath(decl.name, binding.id);
        if (bindingPath?.length) return withStep(this.traceAlongPath(decl.initializer, [...bindingPath, ...path]), decl.name, `\`${binding.name}\` is assigned`);
      }
    }
    // `Promise.all(list)` resolves to the list's elements
    if (path.length && ts.isCallExpression(target) && isPromiseAll(target) && target.arguments.length === 1) return this.traceAlongPath(target.arguments[0], path);
    // `items.map((item) => ({ … }))[0].name`: the field of what the callback returns
    if (path.length && /^\d+$/.test(path[0]) && ts.isCallExpression(target)) {
      const returned = getMappedObjects(target);
      if (returned) return returned.flatMap((r) => this.traceAlongPath(r, path.slice(1)));
    }
    // `const { text } = buildQuery(input)`: the field of what the project function returns, not all of it
    if (path.length && ts.isCallExpression(target) && !this.spec.isSanitizer?.(target, this.project) && !this.spec.propagate?.(target, this.project)) {
      const callees = resolveCallee(target, this.project);
      if (callees.length && callees.every((fn) => getReturnedExpressions(fn).every((r) => isStructured(r, path)))) {
        return this.traceProjectCall(target, callees, path);
      }
    }
    if (path.length) {
      const match = this.spec.getSource(target, this.project, path);
      if (match) return [{ kind: 'source', label: match.label, sourceKind: match.kind, node: target, steps: [{ node: target, label: `source: ${match.label}` }], built: false }];
    }
    const origins = this.trace(target);
    if (!path.length) return origins;
    const label = `${target.getText().slice(0, 40)}.${path.join('.')}`;
    // `options.sort` of a parameter: its callers' `options` matter only for `sort`
    const param = ts.isIdentifier(target) ? resolveIdentifier(target) : undefined;
    const paramDecl = param?.kind === 'param' && ts.isParameter(param.declaration) ? param.declaration : undefined;
    // the binding path of a destructured parameter comes first: `{ options }` read as `options.sort` → ['options', 'sort']
    const bindingPath = paramDecl && !ts.isIdentifier(paramDecl.name) && param ? (getBindingPath(paramDecl.name, param.id) ?? []) : [];
    return origins.map((o) => {
      if (o.kind === 'source' && o.node === target) return { ...o, label };
      if (o.kind === 'param' && paramDecl && o.node === paramDecl && (!o.path || (bindingPath.length && o.path.length === bindingPath.length))) {
        return { ...o, path: [...(o.path ?? []), ...path], label: `${o.label}.${path.join('.')}` };
      }
      return o;
    });
  }

  /** Taint of `expr.path[0].path[1]…`, for callers of a function that reads a member of its parameter. */
  traceMemberOf(expr: ts.Expression, path: string[]): TaintOrigin[] {
    return path.length ? this.traceAlongPath(expr, path) : this.trace(expr);
  }

  private isSafeMember(objExpr: ts.Expression, name: string): boolean {
    return this.spec.typeSanitizers !== false && isSafeMemberType(objExpr, name, this.project);
  }

  private traceParameter(param: ts.ParameterDeclaration, binding: Binding, use: ts.Identifier): TaintOrigin[] {
    const fn = param.parent;
    const path = getBindingPath(param.name, binding.id) ?? [];
    const own = this.spec.getParameterSource?.(param, this.project, path);
    if (own) {
      const label = path.length ? `${own.label}.${path.join('.')}` : own.label;
      return [{ kind: 'source', label, sourceKind: own.kind, node: param, steps: [{ node: param.name, label: `source: ${label}` }], built: false }];
    }
    // reassigned parameters: `id = Number(id)` before the use
    const defs = getDefinitions(binding, use).filter((d) => d !== binding.declaration);
    const reassigned = defs.flatMap((d) => withStep(this.trace(d), d, `assigned to \`${binding.name}\``));
    if (defs.length && isDominatingDefinition(defs[0], use)) return reassigned;
    if (!isFunctionNode(fn)) return reassigned;
    const index = fn.parameters.indexOf(param);
    // a callback's parameter receives the receiver's elements or the promise's value
    const callback = this.traceCallbackParameter(fn, index, path);
    if (callback) return [...reassigned, ...callback];
    const label = path.length ? `parameter \`${describeParameterName(param.name)}\`.${path.join('.')}` : `parameter \`${binding.name}\``;
    const defaults = param.initializer ? this.trace(param.initializer) : [];
    // a destructured parameter (`{ error }`): callers' arguments are followed along the field it names
    return [...reassigned, ...defaults, { kind: 'param', label, node: param, fn, paramIndex: index, steps: [{ node: param.name, label: `parameter \`${binding.name}\` of \`${describeFunction(fn)}\`` }], built: false, ...(path.length ? { path } : {}) }];
  }

  private traceCallbackParameter(fn: FunctionNode, index: number, path: string[] = []): TaintOrigin[] | undefined {
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
    const call = fn.parent;
    if (!ts.isCallExpression(call) || !call.arguments.includes(fn) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
    const method = call.expression.name.text;
    const receiver = call.expression.expression;
    if ((ELEMENT_CALLBACKS.has(method) && index === 0) || (method === 'reduce' && index === 1)) {
      const elements = index === 0 && path.length ? this.traceElementsAlongPath(receiver, path) : this.trace(receiver);
      return withStep(elements, fn.parameters[index].name, `callback of \`${method}\``).map((o) => (o.element ? o : { ...o, element: true }));
    }
    if (method === 'then' && index === 0 && call.arguments[0] === fn) return withStep(this.trace(receiver), fn.parameters[index].name, `callback of \`${method}\``);
    return undefined;
  }

  /**
   * The field `path` of a list's elements, when the list is built from object literals the analysis sees
   * (`rows.map((r) => ({ condition, value: r.value }))` read as `({ condition }) => …`); else the whole list.
   */
  private traceElementsAlongPath(list: ts.Expression, path: string[], depth = 0): TaintOrigin[] {
    const target = unwrap(list);
    if (depth < 4 && ts.isIdentifier(target)) {
      const binding = resolveIdentifier(target);
      const decl = binding?.declaration;
      if (binding?.kind === 'const' && decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer) {
        return withStep(this.traceElementsAlongPath(decl.initializer, path, depth + 1), decl.name, `\`${binding.name}\` is assigned`);
      }
    }
    if (ts.isArrayLiteralExpression(target) && target.elements.every((e) => ts.isObjectLiteralExpression(unwrap(e)))) {
      return target.elements.flatMap((e) => this.traceAlongPath(e, path));
    }
    if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === 'map') {
      const cb = target.arguments[0];
      const returned = cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) ? getReturnedExpressions(cb) : [];
      if (returned.length && returned.every((r) => ts.isObjectLiteralExpression(unwrap(r)))) return returned.flatMap((r) => this.traceAlongPath(r, path));
    }
    return this.trace(list);
  }

  private traceMember(e: ts.PropertyAccessExpression | ts.ElementAccessExpression): TaintOrigin[] {
    const name = getMemberName(e);
    if (name === 'length') return [];
    const obj = e.expression;
    if (obj.kind === SyntaxKind.ThisKeyword && name !== undefined) return this.traceThisMember(e, name);
    if (name !== undefined) return this.traceAlongPath(obj, [name]);
    // x[i] with a computed index: the container's taint
    return this.trace(obj);
  }

  private traceThisMember(e: ts.Expression, name: string): TaintOrigin[] {
    const cls = getEnclosingClass(e);
    if (!cls) return [];
    const member = findClassMember(cls, name, false, this.project);
    const out: TaintOrigin[] = [];
    if (member && ts.isPropertyDeclaration(member) && member.initializer) out.push(...this.trace(member.initializer));
    if (member && ts.isParameter(member)) {
      const binding = ts.isIdentifier(member.name) ? resolveIdentifier(member.name) : undefined;
      if (binding) out.push(...this.traceParameter(member, binding, member.name as ts.Identifier));
    }
    for (const value of getThisAssignments(cls, name)) out.push(...withStep(this.trace(value), value, `stored in \`this.${name}\``));
    // a builder's list: `where(cond) { this.filters.push(cond) }` … `this.filters.join(' AND ')`
    const textOnly = this.spec.textListsOnly === true;
    for (const added of getThisArrayAdditions(cls, name)) {
      if (!textOnly || isTextLike(added)) out.push(...withStep(this.trace(added).filter((o) => !o.element), added, `added to \`this.${name}\``));
    }
    return out;
  }

  private traceCall(call: ts.CallExpression): TaintOrigin[] {
    const callee = call.expression;
    if (this.spec.isSanitizer?.(call, this.project)) return [];
    if (ts.isIdentifier(callee)) {
      if (NUMERIC_FUNCTIONS.has(callee.text) && !resolveIdentifier(callee)) return [];
      if (callee.text === 'String' && !resolveIdentifier(callee)) return call.arguments.flatMap((a) => this.trace(a));
      if (['decodeURIComponent', 'decodeURI', 'unescape', 'encodeURIComponent', 'encodeURI', 'escape'].includes(callee.text) && !resolveIdentifier(callee)) return call.arguments.slice(0, 1).flatMap((a) => this.trace(a));
    }
    const extra = this.spec.propagate?.(call, this.project);
    if (extra) return built(extra.flatMap((a) => this.trace(a)));
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      // the receivers named below are all plain identifiers
      const receiverText = ts.isIdentifier(callee.expression) ? callee.expression.text : '';
      if (receiverText === 'Math' || receiverText === 'Number' || receiverText === 'Date') return [];
      if (receiverText === 'JSON' || receiverText === 'Object' || receiverText === 'Array') {
        if (['stringify', 'parse', 'values', 'entries', 'keys', 'from', 'assign', 'fromEntries', 'of'].includes(method)) return call.arguments.flatMap((a) => this.trace(a));
        return [];
      }
      if ((receiverText === 'util' && method === 'format') || (receiverText === 'sprintf' && (method === 'sprintf' || method === 'vsprintf'))) return built(call.arguments.flatMap((a) => this.trace(a)));
      // url.parse(req.url, true).query, querystring.parse(body), qs.parse(text): parsed input stays input
      if ((receiverText === 'url' || receiverText === 'querystring' || receiverText === 'qs') && method === 'parse') return call.arguments.slice(0, 1).flatMap((a) => this.trace(a));
      if (receiverText === 'Promise' && (method === 'resolve' || method === 'all' || method === 'allSettled' || method === 'race' || method === 'any')) return call.arguments.flatMap((a) => this.trace(a));
      const projectCallees = resolveCallee(call, this.project);
      if (projectCallees.length) return this.traceProjectCall(call, projectCallees);
      if (BUILDING_METHODS.has(method)) return built([...this.trace(callee.expression), ...call.arguments.flatMap((a) => this.trace(a))]);
      if (method === 'then') {
        const cb = call.arguments[0];
        if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return getReturnedExpressions(cb).flatMap((r) => this.trace(r));
        return this.trace(callee.expression);
      }
      // `load().catch((e) => ({ error: e.message }))`: the promise's value, or what the handler returns instead
      if (method === 'catch' || method === 'finally') {
        const cb = call.arguments[0];
        const fromHandler = method === 'catch' && cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) ? getReturnedExpressions(cb).flatMap((r) => this.trace(r)) : [];
        return [...this.trace(callee.expression), ...fromHandler];
      }
      if (method === 'reduce') {
        const cb = call.arguments[0];
        const fromCallback = cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) ? getReturnedExpressions(cb).flatMap((r) => this.trace(r)) : [];
        return [...fromCallback, ...(call.arguments[1] ? this.trace(call.arguments[1]) : [])];
      }
      // ids.map(() => '?'): what the callback returns, not the elements (they reach it through its parameter)
      if ((method === 'map' || method === 'flatMap') && call.arguments[0] && (ts.isArrowFunction(call.arguments[0]) || ts.isFunctionExpression(call.arguments[0]))) {
        return getReturnedExpressions(call.arguments[0]).flatMap((r) => this.trace(r));
      }
      if (RECEIVER_PROPAGATORS.has(method)) return this.trace(callee.expression);
      return [];
    }
    if (ts.isIdentifier(callee) && isFormatFunction(callee)) return built(call.arguments.flatMap((a) => this.trace(a)));
    const projectCallees = resolveCallee(call, this.project);
    if (projectCallees.length) return this.traceProjectCall(call, projectCallees);
    return [];
  }

  /** Through a project function: its returns (or the field `path` of them), with its parameters replaced by this call's arguments. */
  private traceProjectCall(call: ts.CallExpression, callees: FunctionNode[], path: string[] = []): TaintOrigin[] {
    const out: TaintOrigin[] = [];
    for (const fn of callees) {
      const name = describeFunction(fn);
      for (const r of getReturnedExpressions(fn)) {
        for (const o of path.length ? this.traceAlongPath(r, path) : this.trace(r)) {
          if (o.kind === 'param' && o.fn === fn) {
            const args = argumentsFor(call, fn, o.paramIndex!);
            for (const a of args) {
              for (const inner of o.path?.length ? this.traceAlongPath(a, o.path) : this.trace(a)) {
                out.push({ ...inner, built: inner.built || o.built, element: inner.element || o.element, steps: [...inner.steps, { node: a, label: `passed to \`${name}\`` }, ...o.steps.slice(1), { node: call, label: `returned by \`${name}\`` }] });
              }
            }
          } else {
            out.push({ ...o, steps: [...o.steps, { node: call, label: `returned by \`${name}\`` }] });
          }
        }
      }
    }
    return out;
  }
}

/** Arguments of a call that bind to parameter `index` (all the rest for a rest parameter). */
export function argumentsFor(call: ts.CallExpression | ts.NewExpression, fn: FunctionNode, index: number): ts.Expression[] {
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const param = fn.parameters[index];
  if (param?.dotDotDotToken) return args.slice(index);
  return args[index] ? [args[index]] : [];
}

/** String formatting functions that insert their arguments as they are: util's `format`, sprintf-js. */
const FORMAT_FUNCTIONS: Record<string, string[]> = { util: ['format'], 'node:util': ['format'], 'sprintf-js': ['sprintf', 'vsprintf'] };

function isFormatFunction(id: ts.Identifier): boolean {
  if (id.text !== 'format' && id.text !== 'sprintf' && id.text !== 'vsprintf') return false;
  const b = resolveIdentifier(id);
  const imp = b && getImportOf(b);
  return !!imp && !!FORMAT_FUNCTIONS[imp.module]?.includes(imp.name === 'default' || imp.name === '*' ? id.text : imp.name);
}

function isExpression(node: ts.Node): boolean {
  return ts.isExpression(node as ts.Expression) || ts.isIdentifier(node);
}

/** `Promise.all(…)`, `Promise.allSettled` aside (it wraps each value in `{ status, value }`). */
function isPromiseAll(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' && callee.name.text === 'all';
}

/** What `list.map(cb)` makes of each element, when the callback returns object literals only. */
function getMappedObjects(call: ts.CallExpression): readonly ts.Expression[] | undefined {
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'map') return undefined;
  const cb = call.arguments[0];
  if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return undefined;
  const returned = getReturnedExpressions(cb);
  return returned.length && returned.every((r) => ts.isObjectLiteralExpression(unwrap(r))) ? returned : undefined;
}

/** A returned value whose field `path` the analysis reads exactly: an object literal, or a list of them (`Promise.all(items.map(async (i) => ({ … })))`). */
function isStructured(returned: ts.Expression, path: string[]): boolean {
  const e = unwrap(returned);
  if (ts.isObjectLiteralExpression(e)) return true;
  if (!ts.isCallExpression(e) || !/^\d+$/.test(path[0] ?? '')) return false;
  if (isPromiseAll(e) && e.arguments.length === 1) return isStructured(e.arguments[0], path);
  return getMappedObjects(e) !== undefined;
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

function built(origins: TaintOrigin[]): TaintOrigin[] {
  return origins.map((o) => (o.built ? o : { ...o, built: true }));
}

function withStep(origins: TaintOrigin[], node: ts.Node, label: string): TaintOrigin[] {
  return origins.map((o) => ({ ...o, steps: [...o.steps, { node, label }] }));
}

function dedupe(origins: TaintOrigin[]): TaintOrigin[] {
  const seen = new Set<string>();
  const out: TaintOrigin[] = [];
  for (const o of origins) {
    const key = `${o.kind}:${o.node.pos}:${o.node.getSourceFile().fileName}:${o.paramIndex ?? ''}:${o.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(o);
    if (out.length >= MAX_ORIGINS) break;
  }
  return out;
}

/**
 * Definitions of a variable that may reach `use`: the declaration and `=`/`+=` assignments before it in the same function,
 * cut at the latest one that always runs before the use (a statement in an enclosing block).
 */
export function getDefinitions(binding: Binding, use: ts.Node): ts.Node[] {
  const assignments = collectAssignments(binding).filter((a) => a.end <= use.pos);
  const defs: ts.Node[] = [];
  for (let i = assignments.length - 1; i >= 0; i--) {
    const a = assignments[i];
    defs.push(a);
    const assignment = a.parent as ts.BinaryExpression;
    const compound = assignment.operatorToken.kind !== SyntaxKind.EqualsToken;
    if (!compound && isDominatingDefinition(a, use)) return defs;
  }
  if (ts.isVariableDeclaration(binding.declaration)) defs.push(binding.declaration);
  return defs;
}

/** True when the assignment holding `value` is a statement of a block that encloses `use`, in the same function. */
function isDominatingDefinition(value: ts.Node, use: ts.Node): boolean {
  const assignment = value.parent;
  const statement = assignment?.parent;
  if (!statement || !ts.isExpressionStatement(statement)) return false;
  const block = statement.parent;
  if (!(ts.isBlock(block) || ts.isSourceFile(block))) return false;
  if (!contains(block, use)) return false;
  // not when the use sits in a loop body that also contains the assignment's earlier iterations… keep it simple: same function
  let n: ts.Node | undefined = use.parent;
  while (n && n !== block) {
    if (isFunctionNode(n)) return false;
    n = n.parent;
  }
  return true;
}

/** Methods that add their arguments to an array. */
const ARRAY_ADDERS = new Set(['push', 'unshift']);

/**
 * Values added to an array variable before `use`: arguments of `name.push(…)`/`name.unshift(…)` for a variable
 * declared with an array literal (a list of conditions or values built up, then joined).
 */
function getArrayAdditions(binding: Binding, use: ts.Node, textOnly: boolean): ts.Expression[] {
  const decl = binding.declaration;
  if (!ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return [];
  const init = decl.initializer;
  if (!ts.isArrayLiteralExpression(init) && !(ts.isAsExpression(init) && ts.isArrayLiteralExpression(init.expression))) return [];
  const out: ts.Expression[] = [];
  for (const ref of getReferences(binding)) {
    if (ref.pos >= use.pos) continue;
    const access = ref.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== ref || !ARRAY_ADDERS.has(access.name.text)) continue;
    const call = access.parent;
    // for SQL, a list of text fragments: records pushed into a list are not followed field by field, so they are left out
    if (ts.isCallExpression(call) && call.expression === access) out.push(...call.arguments.filter((a) => !textOnly || isTextLike(a)));
  }
  return out;
}

/** Methods whose result is text. */
const TEXT_METHODS = new Set(['join', 'toString', 'trim', 'toLowerCase', 'toUpperCase', 'replace', 'replaceAll', 'slice', 'substring', 'concat', 'padStart', 'padEnd', 'format']);

/**
 * True for an expression that reads as text: a string, a template, a concatenation, a text method's result, a value
 * read from an object (`req.query.col`), or a variable or string-typed parameter holding one of these.
 */
function isTextLike(expr: ts.Expression, depth = 0): boolean {
  const e = unwrap(expr);
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isBinaryExpression(e)) return e.operatorToken.kind === SyntaxKind.PlusToken || e.operatorToken.kind === SyntaxKind.BarBarToken || e.operatorToken.kind === SyntaxKind.QuestionQuestionToken ? isTextLike(e.left, depth) || isTextLike(e.right, depth) : false;
  if (ts.isConditionalExpression(e)) return isTextLike(e.whenTrue, depth) || isTextLike(e.whenFalse, depth);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return true;
  if (ts.isCallExpression(e)) {
    const callee = e.expression;
    if (ts.isIdentifier(callee)) return callee.text === 'String' || callee.text === 'format';
    return ts.isPropertyAccessExpression(callee) && TEXT_METHODS.has(callee.name.text);
  }
  if (!ts.isIdentifier(e) || depth > 3) return false;
  const decl = resolveIdentifier(e)?.declaration;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return isTextLike(decl.initializer, depth + 1);
  return !!decl && ts.isParameter(decl) && decl.type?.kind === SyntaxKind.StringKeyword;
}

/** Right-hand sides of assignments (`=`, `+=`, `??=`, `||=`) to a binding, in source order. */
function collectAssignments(binding: Binding): ts.Expression[] {
  return getAssignmentsTo(binding).map((a) => a.right);
}

function contains(outer: ts.Node | undefined, inner: ts.Node): boolean {
  if (!outer) return false;
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

const tracers = new WeakMap<ProjectIndex, Map<string, Tracer>>();

function getTracer(spec: TaintSpec, project: ProjectIndex): Tracer {
  let bySpec = tracers.get(project);
  if (!bySpec) tracers.set(project, (bySpec = new Map()));
  let tracer = bySpec.get(spec.id);
  if (!tracer) bySpec.set(spec.id, (tracer = new Tracer(spec, project)));
  return tracer;
}

/** Sources and parameters that may reach `expr` under `spec`. */
export function traceTaint(expr: ts.Node, spec: TaintSpec, project: ProjectIndex): TaintOrigin[] {
  return getTracer(spec, project).trace(expr);
}

/** Sources and parameters that may reach `expr.path[0]…` (an argument whose callee reads only that member). */
export function traceTaintAlongPath(expr: ts.Expression, path: string[] | undefined, spec: TaintSpec, project: ProjectIndex): TaintOrigin[] {
  return getTracer(spec, project).traceMemberOf(expr, path ?? []);
}

/**
 * What an object spread can add: `...(password && { password: true })` spreads the object, or nothing (a falsy
 * primitive spreads no fields), so only the right operand of `&&` counts.
 */
function spreadSource(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== SyntaxKind.AmpersandAmpersandToken) return e;
    e = e.right;
  }
}
