/**
 * Field-aware sensitivity of values: does a value carry a secret or personal datum, and where inside it?
 * A scalar (`user.apiKey`, `req.body.password`, a `token` variable) or an object with a sensitive field (`req.body` in a
 * handler that reads `req.body.password`, `user: User` whose interface has `password`, `{ ...creds }`).
 * Unlike taint, a member read keeps only what the field holds: `user.name` is clean even when `user` has a password,
 * and `const { password, ...safe } = user` leaves `safe` without it.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { argumentsFor, getDefinitions, type Step, type TaintSpec } from './taint.js';
import { resolveIdentifier, getReferences, type Binding } from './scope.js';
import { getLoadedRecordFields } from './model-fields.js';
import {
  getBindingPath,
  getMemberName,
  getObjectProperty,
  getReturnedExpressions,
  getThisAssignments,
  getEnclosingClass,
  findClassMember,
  isFunctionNode,
  resolveCallee,
  describeFunction,
  getExportedDeclaration,
  getImportOf,
  getValueOrigins,
  skipOuter,
  describeParameterName,
  type FunctionNode,
} from './values.js';
import { hasSafeDeclaredType, isSafeMemberType } from './sanitizers.js';
import { getStaticKey, getStaticString } from './constant.js';
import { classifyName, isCredentialFileName, isMeasureName, isNonAuthSessionType, isNetworkAddressHolder, NETWORK_ADDRESS_SIBLINGS, splitWords, type SensitiveName } from './sensitive.js';
import { classifyValueName, dedupeFields, getDeclarationFields, getSchemaFields, getTypeFields, isNonTextType, resolveTypeName, type SensitiveField } from './sensitive-types.js';
import { isActionResult, isConstant, isHarmless, isRedactingName, NON_TEXT_METHODS, PART_METHODS } from './harmless-values.js';
import { isTranslationCatalog } from './secrets/text-files.js';
import { getRequestFields, getRequestVariableFields } from './request-fields.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** One sensitive datum inside a value. */
export interface Leak {
  /** Where it sits in the value: [] for the value itself, ['password'] for a field. */
  path: string[];
  name: SensitiveName;
  /** How the datum (or, with a path, the object holding it) reads: `user.apiKey`, `req.body`. */
  label: string;
  /** The object key a value was put under when only the key says what it is (`{ pass: p }` → 'pass'). */
  as?: string;
  node: ts.Node;
  /** From the datum to the traced expression. */
  steps: Step[];
}

/** The traced value is (part of) a parameter of the enclosing function: its callers decide. */
export interface ParamFlow {
  fn: FunctionNode;
  index: number;
  param: ts.ParameterDeclaration;
  /** Top-level keys dropped on the way (`const { password, ...rest } = meta`). */
  omit: string[];
  /** Top-level keys kept on the way (`pick(meta, ['id'])`), when only some are. */
  only?: string[];
  steps: Step[];
}

export interface Carried {
  leaks: Leak[];
  params: ParamFlow[];
}

/** A datum as a log call writes it: the sub-expression holding it and its key path in the logged object. */
export interface LoggedLeak {
  leak: Leak;
  /** The expression at the sink that holds it (`user` in `logger.info('x', { user })`). */
  holder: ts.Expression;
  /** Keys from the logged argument to the holder; undefined when it was turned into text on the way. */
  keyPath?: string[];
}

export interface LoggedParam {
  param: ParamFlow;
  holder: ts.Expression;
  keyPath?: string[];
}

const NONE: Carried = { leaks: [], params: [] };
const ENV_SECRETS: SensitiveName = { kind: 'secret', level: 'credential' };
const MAX_DEPTH = 40;
const MAX_LEAKS = 40;

/** Array and promise callbacks whose first parameter receives the receiver's elements. */
const ELEMENT_CALLBACKS = new Set(['map', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'flatMap', 'sort', 'findIndex', 'then']);
/** Methods whose result carries the receiver whole (strings and arrays). */
const RECEIVER_METHODS = new Set([
  'toString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'normalize', 'valueOf',
  'concat', 'split', 'join', 'flat', 'filter', 'find', 'findLast', 'sort', 'reverse', 'toSorted', 'toReversed', 'values', 'entries', 'padStart', 'padEnd',
]);
/** Methods that read a named entry: `req.get('Authorization')`, `config.get('db.password')`, `localStorage.getItem('token')`. */
const KEYED_GETTERS = new Set(['get', 'header', 'getHeader', 'getItem', 'getString']);
/** Schema methods that check a value: zod's `parse`/`safeParse`, Joi's and yup's `validate`. */
const VALIDATING_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateAsync', 'validateSync', 'cast']);
/** Words of a cookie's name that make its value a credential (`sf_session`, `connect.sid`, `auth_token`). */
const CREDENTIAL_COOKIE = /(?:^|[^a-z])(?:session|sess|sid|auth|token|jwt|remember)(?:$|[^a-z])/i;
class Analyzer {
  private readonly memo = new Map<ts.Node, Carried>();
  private readonly active = new Set<ts.Node>();
  private readonly evidence = new Map<ts.Identifier, SensitiveField[]>();
  private depth = 0;

  constructor(readonly project: ProjectIndex) {}

  value(node: ts.Node): Carried {
    const hit = this.memo.get(node);
    if (hit) return hit;
    if (this.active.has(node) || this.depth > MAX_DEPTH) return NONE;
    this.active.add(node);
    this.depth++;
    let result: Carried;
    try {
      result = limit(this.compute(node));
    } finally {
      this.depth--;
      this.active.delete(node);
    }
    this.memo.set(node, result);
    return result;
  }

  private compute(node: ts.Node): Carried {
    if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAwaitExpression(node) || ts.isSatisfiesExpression(node) || ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) {
      return this.value(node.expression);
    }
    // req.body as LoginDto: the cast names the fields
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      return merge(this.value(node.expression), this.typeLeaks(node.type, shortText(node.expression), node.expression));
    }
    if (ts.isShorthandPropertyAssignment(node)) return this.value(node.name);
    if (!isExpressionNode(node)) return NONE;
    const expr = node as ts.Expression;
    if (isConstant(expr)) return NONE;
    switch (expr.kind) {
      case SyntaxKind.Identifier:
        return this.identifierValue(expr as ts.Identifier);
      case SyntaxKind.ThisKeyword: {
        const cls = getEnclosingClass(expr);
        return cls ? this.fieldLeaks(getDeclarationFields(cls, this.project), 'this', expr) : NONE;
      }
      case SyntaxKind.PropertyAccessExpression:
      case SyntaxKind.ElementAccessExpression:
        return this.memberValue(expr as ts.PropertyAccessExpression | ts.ElementAccessExpression);
      case SyntaxKind.TemplateExpression:
        return mergeAll((expr as ts.TemplateExpression).templateSpans.map((s) => this.value(s.expression)));
      case SyntaxKind.BinaryExpression:
        return this.binaryValue(expr as ts.BinaryExpression);
      case SyntaxKind.ConditionalExpression: {
        const c = expr as ts.ConditionalExpression;
        return merge(this.value(c.whenTrue), this.value(c.whenFalse));
      }
      case SyntaxKind.CallExpression:
        return this.callValue(expr as ts.CallExpression);
      case SyntaxKind.NewExpression:
        return this.newValue(expr as ts.NewExpression);
      case SyntaxKind.ArrayLiteralExpression:
        return mergeAll((expr as ts.ArrayLiteralExpression).elements.map((e) => this.value(e)));
      case SyntaxKind.ObjectLiteralExpression:
        return this.objectValue(expr as ts.ObjectLiteralExpression);
      case SyntaxKind.TaggedTemplateExpression: {
        const t = expr as ts.TaggedTemplateExpression;
        if (t.tag.getText() === 'String.raw' && ts.isTemplateExpression(t.template)) return mergeAll(t.template.templateSpans.map((s) => this.value(s.expression)));
        return NONE;
      }
      default:
        // comparisons, `!x`, `typeof x`, arithmetic: booleans and numbers
        return NONE;
    }
  }

  private binaryValue(b: ts.BinaryExpression): Carried {
    switch (b.operatorToken.kind) {
      case SyntaxKind.PlusToken:
      case SyntaxKind.PlusEqualsToken:
      case SyntaxKind.BarBarToken:
      case SyntaxKind.QuestionQuestionToken:
        return merge(this.value(b.left), this.value(b.right));
      case SyntaxKind.AmpersandAmpersandToken:
      case SyntaxKind.EqualsToken:
      case SyntaxKind.BarBarEqualsToken:
      case SyntaxKind.QuestionQuestionEqualsToken:
      case SyntaxKind.CommaToken:
        return this.value(b.right);
      default:
        return NONE;
    }
  }

  // ---- names and bindings ----

  private identifierValue(id: ts.Identifier): Carried {
    if (id.text === 'undefined' || isCredentialFileName(id.text)) return NONE;
    const binding = resolveIdentifier(id);
    if (!binding || !['param', 'var', 'let', 'const', 'import'].includes(binding.kind)) return NONE;
    if (hasSafeDeclaredType(binding, this.project)) return NONE;
    const traced = this.bindingValue(binding, id);
    const named = classifyValueName(id.text);
    if (!named || traced.leaks.length) return traced;
    // `let address = server.address()`: where a server listens
    if (named.kind === 'address' && (isAddressInfoCall(binding) || isUsedAsUrl(binding))) return NONE;
    // a variable named `token` holds a token, unless every value it gets is a constant, a flag or a mask,
    // or an object whose fields the analysis sees (`const mail = { to, subject }`)
    if (this.hasHarmlessDefinitions(binding, id) || hasStructuralDefinitions(binding, id) || this.hasObjectType(binding.declaration)) return NONE;
    return { leaks: [leakAt(id, named, id.text)], params: [] };
  }

  private bindingValue(binding: Binding, use: ts.Identifier): Carried {
    switch (binding.kind) {
      case 'param':
        return this.paramValue(binding.declaration as ts.ParameterDeclaration, binding, use);
      case 'import': {
        const imp = getImportOf(binding);
        const target = imp && imp.name !== '*' ? this.project.resolveModule(binding.id.getSourceFile().fileName, imp.module) : undefined;
        const decl = target && imp ? getExportedDeclaration(this.project, target, imp.name) : undefined;
        return decl && isExpressionNode(decl) ? this.value(decl) : NONE;
      }
      default:
        return this.variableValue(binding, use);
    }
  }

  /** Values reaching a variable at `use`: its declaration and assignments, fields read off it, minus fields deleted before. */
  private variableValue(binding: Binding, use: ts.Identifier): Carried {
    const decl = binding.declaration;
    if (!ts.isVariableDeclaration(decl)) return NONE;
    let out = NONE;
    for (const def of getDefinitions(binding, use)) {
      if (def === decl) out = merge(out, this.declarationValue(decl, binding));
      else out = merge(out, withStep(this.value(def), def, `assigned to \`${binding.name}\``));
    }
    // fields read off the variable later (`data.access_token`), also for one destructured (`const { data } = await axios.post(…)`)
    out = merge(out, this.fieldLeaks([...getRequestVariableFields(decl), ...this.getEvidence(binding)], binding.name, binding.id));
    return this.dropRemovedFields(out, binding, use);
  }

  private declarationValue(decl: ts.VariableDeclaration, binding: Binding): Carried {
    const init = decl.initializer;
    const path = getBindingPath(decl.name, binding.id) ?? [];
    let out: Carried;
    if (!init) {
      // for (const user of users)
      const loop = decl.parent?.parent;
      const isLoop = loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && loop.initializer === decl.parent;
      out = isLoop && ts.isForOfStatement(loop) ? this.along(loop.expression, path, binding.id) : NONE;
    } else {
      out = this.along(init, path, binding.id);
      if (ts.isIdentifier(decl.name) && decl.type && isOpaque(init)) out = merge(out, this.typeLeaks(decl.type, binding.name, binding.id));
      // `const { rows } = await pool.query<UserRecord>(…)`, `const [rows] = await conn.query<UserRow[]>(…)`, `await http.get<User>(…)`:
      // what the call's type argument says the result holds (its rows, or the whole result)
      const typed = getResultTypeArgument(init);
      if (typed && (path.length === 0 || (path.length === 1 && (path[0] === 'rows' || path[0] === '0')))) out = merge(out, this.typeLeaks(typed, binding.name, binding.id));
    }
    out = omitKeys(out, getRestExclusions(binding.id));
    const element = binding.id.parent;
    if (ts.isBindingElement(element) && element.initializer) out = merge(out, this.value(element.initializer));
    return withStep(out, decl.name, `\`${binding.name}\` is assigned`);
  }

  private paramValue(param: ts.ParameterDeclaration, binding: Binding, use: ts.Identifier): Carried {
    const fn = param.parent;
    // `meta = redact(meta)` before the use
    const defs = getDefinitions(binding, use).filter((d) => d !== binding.declaration);
    const reassigned = mergeAll(defs.map((d) => withStep(this.value(d), d, `assigned to \`${binding.name}\``)));
    if (defs.length && isDominating(defs[0], use)) return reassigned;
    if (!isFunctionNode(fn)) return reassigned;
    const path = getBindingPath(param.name, binding.id) ?? [];
    const index = fn.parameters.indexOf(param);
    const exclusions = getRestExclusions(binding.id);
    let own = NONE;
    const receiver = getCallbackReceiver(fn, index);
    if (receiver) own = withStep(this.along(receiver, path, binding.id), param.name, `callback parameter \`${binding.name}\``);
    if (param.type) own = merge(own, shiftCarried(this.typeLeaks(param.type, describeParameterName(param.name), param.name), path));
    if (ts.isIdentifier(param.name)) {
      own = merge(own, this.fieldLeaks([...getRequestFields(param, this.project), ...this.getEvidence(binding)], binding.name, binding.id));
    }
    if (param.initializer) own = merge(own, this.value(param.initializer));
    own = omitKeys(merge(reassigned, own), exclusions);
    if (own.leaks.length || receiver || path.length) return this.dropRemovedFields(own, binding, use);
    const flow: ParamFlow = { fn, index, param, omit: exclusions, steps: [{ node: param.name, label: `parameter \`${binding.name}\` of \`${describeFunction(fn)}\`` }] };
    return { leaks: [], params: [...own.params, flow] };
  }

  /** True when a declaration's type is a project class, interface or object type: its fields say what it holds (`auth: AuthService`). */
  private hasObjectType(decl: ts.Node): boolean {
    const type = ts.isParameter(decl) || ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) ? decl.type : undefined;
    if (!type) return false;
    if (ts.isTypeLiteralNode(type)) return true;
    if (!ts.isTypeReferenceNode(type)) return false;
    const resolved = resolveTypeName(type.typeName, this.project).decl;
    return !!resolved && (ts.isClassLike(resolved) || ts.isInterfaceDeclaration(resolved) || (ts.isTypeAliasDeclaration(resolved) && ts.isTypeLiteralNode(resolved.type)));
  }

  /** True when every value a name gets is a constant, a flag, a count or a mask (`let token = ''`, `const pass = n > 3`). */
  private hasHarmlessDefinitions(binding: Binding, use: ts.Identifier): boolean {
    if (binding.kind === 'param' || binding.kind === 'import') return false;
    const decl = binding.declaration;
    if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
    if (decl.parent?.parent && ts.isForOfStatement(decl.parent.parent)) return false;
    return getDefinitions(binding, use).every((d) => (d === decl ? !decl.initializer || isHarmless(decl.initializer) : isHarmless(d as ts.Expression)));
  }

  // ---- members ----

  private memberValue(e: ts.PropertyAccessExpression | ts.ElementAccessExpression): Carried {
    // token[Field.validUntil]: a key held in an enum or a constant names the field as a literal key does
    const name = getMemberName(e) ?? (ts.isElementAccessExpression(e) && !ts.isLiteralExpression(e.argumentExpression) ? getStaticKey(e.argumentExpression, this.project) : undefined);
    const obj = e.expression;
    if (name === 'length' || name === 'size' || (name !== undefined && isCredentialFileName(name))) return NONE;
    // process.env as a whole: every secret the process was given; process.env[name] is one variable, unknown
    if (isProcessEnv(e)) return { leaks: [leakAt(e, ENV_SECRETS, 'process.env')], params: [] };
    if (isProcessEnv(obj) && name === undefined) return NONE;
    // REQUIRED_FIELDS[method]: an entry of a table of constants is a constant, whatever its key
    if (name === undefined && isConstantTable(obj)) return NONE;
    // `err.config.headers` of a failed HTTP client call (axios): the headers the request was sent with, Authorization included
    if (name === 'headers' && isFailedRequestConfig(obj)) return { leaks: [leakAt(e, AUTHORIZATION_HEADER, shortText(e))], params: [] };
    // `pair.split('=')[0]`: the name of a `name=value` pair (a cookie's, a header line's), not its value
    if (name === '0' && isPairSplit(obj)) return NONE;
    // users[0], tokens[i]: an element
    if (name === undefined || /^\d+$/.test(name)) return this.value(obj);
    if (obj.kind === SyntaxKind.ThisKeyword) return this.thisMemberValue(e, name);
    // `lastNodeFailure.address`, `err.address`: a network address whatever was stored there
    const named = classifyValueName(name);
    if (named?.kind === 'address' && (isNetworkAddressHolder(holderName(obj, [name])) || isAddressInfo(obj))) return NONE;
    // `env.SUPPORT_EMAIL`, `config.adminEmail`: the operator's own settings, not a person's data
    if (named?.level === 'personal' && CONFIG_HOLDER.test(skipOuter(obj).getText())) return NONE;
    // `cookies().get('session')?.value`: the cookie's value is what the getter found
    const inner = skipOuter(obj);
    if (name === 'value' && ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && isCookieJar(inner.expression.expression)) {
      return { leaks: this.value(inner).leaks.map((l) => readAsValue(l, e)), params: [] };
    }
    const structural = this.along(obj, [name], e);
    // the datum reads as the member expression here: `env.API_KEY`, not the object it was created as
    if (structural.leaks.length) return { leaks: structural.leaks.map((l) => (l.path.length ? l : readAsValue(l, e))), params: [] };
    return this.nameLeak(obj, [name], e);
  }

  /** `x.apiKey`: the member's name says what it holds, unless its declared type or its literal value says otherwise. */
  private nameLeak(obj: ts.Expression, path: string[], node: ts.Node): Carried {
    const key = path[path.length - 1];
    const named = classifyValueName(key) ?? classifyCardMember(holderName(obj, path), key);
    if (!named) return NONE;
    if (named.kind === 'address' && (isNetworkAddressHolder(holderName(obj, path)) || isAddressInfo(obj))) return NONE;
    if (named.level === 'personal' && path.length === 1 && CONFIG_HOLDER.test(skipOuter(obj).getText())) return NONE;
    if (path.length === 1 && isSafeMemberType(skipOuter(obj), key, this.project)) return NONE;
    const literal = findLiteralValue(obj, path);
    if (literal && isHarmless(literal)) return NONE;
    return { leaks: [leakAt(node, named, `${shortText(obj)}.${path.join('.')}`)], params: [] };
  }

  private thisMemberValue(e: ts.Expression, name: string): Carried {
    const named = classifyValueName(name);
    const cls = getEnclosingClass(e);
    const member = cls ? findClassMember(cls, name, false, this.project) : undefined;
    const declaredType = member && (ts.isPropertyDeclaration(member) || ts.isParameter(member)) ? member.type : undefined;
    if (named && !(member && this.hasObjectType(member))) {
      if (declaredType && isNonTextType(declaredType, this.project)) return NONE;
      return { leaks: [leakAt(e, named, `this.${name}`)], params: [] };
    }
    let out = NONE;
    if (declaredType) out = merge(out, this.typeLeaks(declaredType, `this.${name}`, e));
    if (member && ts.isPropertyDeclaration(member) && member.initializer) out = merge(out, this.value(member.initializer));
    if (cls) for (const v of getThisAssignments(cls, name)) out = merge(out, withStep(this.value(v), v, `stored in \`this.${name}\``));
    return { leaks: out.leaks, params: [] };
  }

  /** The value at `root.path[0].path[1]…`, field by field through object literals. */
  along(root: ts.Expression, path: string[], node: ts.Node = root): Carried {
    if (!path.length) return this.value(root);
    const target = skipOuter(root);
    if (ts.isObjectLiteralExpression(target)) {
      const prop = getObjectProperty(target, path[0]);
      if (prop) {
        if (!isExpressionNode(prop)) return NONE;
        if (path.length === 1) return this.keyedValue(path[0], prop as ts.Expression);
        return this.along(prop as ts.Expression, path.slice(1), node);
      }
      return mergeAll(target.properties.filter(ts.isSpreadAssignment).map((s) => this.along(s.expression, path, node)));
    }
    if (ts.isArrayLiteralExpression(target) && /^\d+$/.test(path[0])) {
      const el = target.elements[Number(path[0])];
      return el ? this.along(el, path.slice(1), node) : NONE;
    }
    const shifted = { leaks: shiftLeaks(this.value(target).leaks, path), params: [] };
    if (shifted.leaks.length) return shifted;
    return this.nameLeak(target, path, node);
  }

  /** A property's value; with a sensitive key and a value of unknown content, the key decides (`{ pass: p }`). */
  keyedValue(key: string, value: ts.Expression): Carried {
    const c = this.value(value);
    if (c.leaks.length) return c;
    const named = classifyValueName(key);
    if (!named || isHarmless(value)) return c;
    // `{ address, port }`: a network endpoint (a connection error's, Node's AddressInfo), not a postal address
    if (named.kind === 'address' && hasNetworkSiblings(value.parent)) return c;
    // `{ token }`, `{ token: session.token }`: the value's own name was already weighed
    const e = skipOuter(value);
    const own = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
    if (own !== undefined && classifyValueName(own)) return c;
    // `{ verificationTokens: verificationTokens.count }`: a measure of the secrets, not one of them
    if (own !== undefined && ts.isPropertyAccessExpression(e) && isMeasureName(own)) return c;
    // `{ sessionId: session.id }` where `session: Stripe.Checkout.Session`: its declared type says which session
    if (named.kind === 'sessionId' && ts.isPropertyAccessExpression(e) && isNonAuthSession(e.expression)) return c;
    return { leaks: [{ ...leakAt(value, named, shortText(value)), as: key }], params: [] };
  }

  private objectValue(obj: ts.ObjectLiteralExpression): Carried {
    // a translation catalog's keys name UI texts (`login: { password: 'Adgangskode' }`), not data
    if (this.isInCatalog(obj)) return NONE;
    let leaks: Leak[] = [];
    const params: ParamFlow[] = [];
    for (const p of obj.properties) {
      if (ts.isSpreadAssignment(p)) {
        const c = this.value(p.expression);
        leaks.push(...c.leaks);
        params.push(...c.params);
        continue;
      }
      if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
      const key = getKeyText(p.name);
      if (key === undefined) continue;
      // a later key replaces what a spread put there: { ...user, password: undefined }
      leaks = leaks.filter((l) => l.path[0] !== key);
      const c = this.keyedValue(key, ts.isPropertyAssignment(p) ? p.initializer : p.name);
      leaks.push(...c.leaks.map((l) => ({ ...l, path: [key, ...l.path] })));
      params.push(...c.params);
    }
    return { leaks, params };
  }

  private readonly catalogFiles = new Map<string, boolean>();

  private isInCatalog(node: ts.Node): boolean {
    const file = node.getSourceFile().fileName;
    let hit = this.catalogFiles.get(file);
    if (hit === undefined) this.catalogFiles.set(file, (hit = isTranslationCatalog(this.project.relative(file))));
    return hit;
  }

  // ---- calls ----

  private callValue(call: ts.CallExpression): Carried {
    const callee = call.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (!name) return NONE;
    const receiverText = ts.isPropertyAccessExpression(callee) ? callee.expression.getText() : undefined;
    if (name === 'omit' || name === 'pick') return this.pickValue(call, name);
    if (isRedactingName(name) || NON_TEXT_METHODS.has(name)) return NONE;
    if (receiverText === 'JSON') return name === 'stringify' ? this.stringifyValue(call) : name === 'parse' && call.arguments[0] ? this.value(call.arguments[0]) : NONE;
    if (receiverText === 'Object') {
      if (['assign', 'entries', 'values', 'fromEntries', 'freeze'].includes(name)) return mergeAll(call.arguments.map((a) => this.value(a)));
      return NONE;
    }
    if ((receiverText === 'util' && (name === 'inspect' || name === 'format')) || (receiverText === 'Buffer' && name === 'from') || (receiverText === 'Array' && name === 'from')) {
      return mergeAll(call.arguments.map((a) => this.value(a)));
    }
    if (ts.isIdentifier(callee) && !resolveIdentifier(callee) && ['String', 'structuredClone', 'encodeURIComponent', 'btoa'].includes(name)) return mergeAll(call.arguments.map((a) => this.value(a)));
    const keyed = this.keyedGetterLeak(call, name);
    if (keyed) return keyed;
    const callees = resolveCallee(call, this.project);
    if (callees.length) return this.projectCallValue(call, callees);
    if (!ts.isPropertyAccessExpression(callee)) return NONE;
    // `await User.findOne({ email })`: a record of a model whose definition declares a password
    const loaded = getLoadedRecordFields(call, this.project);
    if (loaded.length) return this.fieldLeaks(loaded, shortText(call), call);
    const receiver = callee.expression;
    if (name === 'map' || name === 'flatMap') {
      const cb = call.arguments[0];
      return cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) ? mergeAll(getReturnedExpressions(cb).map((r) => this.value(r))) : NONE;
    }
    if (RECEIVER_METHODS.has(name)) {
      const own = this.value(receiver);
      return name === 'concat' ? merge(own, mergeAll(call.arguments.map((a) => this.value(a)))) : own;
    }
    // token.slice(-4) masks; users.slice(0, 10) keeps the objects
    if (PART_METHODS.has(name)) {
      const own = this.value(receiver);
      return { leaks: own.leaks.filter((l) => l.path.length > 0), params: [] };
    }
    return NONE;
  }

  /** `req.get('Authorization')`, `config.get('jwt.secret')`, `headers.get('cookie')`. */
  private keyedGetterLeak(call: ts.CallExpression, name: string): Carried | undefined {
    if (!KEYED_GETTERS.has(name) || !ts.isPropertyAccessExpression(call.expression) || !call.arguments[0]) return undefined;
    const key = getStaticString(call.arguments[0]) ?? getStaticKey(call.arguments[0], this.project);
    let named = key === undefined ? undefined : classifyValueName(key.split('.').pop() ?? key);
    // `cookies().get('sf_session')`: a session cookie's value is the session
    if (!named && key !== undefined && isCookieJar(call.expression.expression) && CREDENTIAL_COOKIE.test(key)) named = COOKIE;
    return named ? { leaks: [leakAt(call, named, shortText(call))], params: [] } : undefined;
  }

  /** JSON.stringify(x) carries x; a replacer array keeps only its keys; a replacer function is taken to redact. */
  private stringifyValue(call: ts.CallExpression): Carried {
    const [value, replacer] = call.arguments;
    if (!value) return NONE;
    if (!replacer || replacer.kind === SyntaxKind.NullKeyword || (ts.isIdentifier(replacer) && replacer.text === 'undefined')) return this.value(value);
    const keys = getStaticKeys(replacer);
    return keys ? keepKeys(this.value(value), keys) : NONE;
  }

  /** lodash/underscore `omit(obj, keys)` and `pick(obj, keys)`, Ramda's `omit(keys, obj)`. */
  private pickValue(call: ts.CallExpression, name: 'omit' | 'pick'): Carried {
    const args = call.arguments;
    if (args.length < 2) return NONE;
    const ramda = getStaticKeys(args[0]) !== undefined && getStaticKeys(args[1]) === undefined;
    const obj = ramda ? args[1] : args[0];
    const keyArgs = ramda ? [args[0]] : args.slice(1);
    const keys = keyArgs.map((a) => getStaticKeys(a));
    if (keys.some((k) => k === undefined)) return NONE;
    const flat = keys.flat() as string[];
    const value = withStep(this.value(obj), call, `\`${name}\` keeps ${name === 'omit' ? 'all but' : 'only'} ${flat.map((k) => `\`${k}\``).join(', ')}`);
    return name === 'omit' ? omitKeys(value, flat) : keepKeys(value, flat);
  }

  /** Through a project function: its returns, with its parameters replaced by this call's arguments, and its declared return type. */
  private projectCallValue(call: ts.CallExpression, callees: FunctionNode[]): Carried {
    let out = NONE;
    for (const fn of callees) {
      const fnName = describeFunction(fn);
      if (isRedactingName(fnName.split('.').pop() ?? fnName)) continue;
      const returns = getReturnedExpressions(fn);
      for (const r of returns) {
        const c = this.value(r);
        out = merge(out, { leaks: c.leaks.map((l) => ({ ...l, steps: [...l.steps, { node: call, label: `returned by \`${fnName}\`` }] })), params: [] });
        for (const flow of c.params) {
          if (flow.fn !== fn) continue;
          for (const arg of argumentsFor(call, fn, flow.index)) {
            let inner = this.value(arg);
            inner = flow.only ? keepKeys(inner, flow.only) : inner;
            inner = omitKeys(inner, flow.omit);
            const steps = (l: { steps: Step[] }) => [...l.steps, { node: arg, label: `passed to \`${fnName}\`` }, ...flow.steps.slice(1), { node: call, label: `returned by \`${fnName}\`` }];
            out = merge(out, { leaks: inner.leaks.map((l) => ({ ...l, steps: steps(l) })), params: inner.params.map((p) => ({ ...p, steps: steps(p) })) });
          }
        }
      }
      if (fn.type && (!returns.length || returns.some(isOpaque))) out = merge(out, this.typeLeaks(fn.type, shortText(call), call));
    }
    return out;
  }

  private newValue(n: ts.NewExpression): Carried {
    let out = NONE;
    for (const o of getValueOrigins(n.expression, this.project)) {
      if (o.kind === 'class') out = merge(out, this.fieldLeaks(getDeclarationFields(o.cls, this.project), shortText(n), n));
    }
    return out;
  }

  // ---- evidence ----

  private typeLeaks(type: ts.TypeNode, label: string, node: ts.Node): Carried {
    return this.fieldLeaks(getTypeFields(type, this.project), label, node);
  }

  private fieldLeaks(all: SensitiveField[], label: string, node: ts.Node): Carried {
    // `{ error: { address } }`: the address of a connection error's endpoint
    const fields = all.filter((f) => !(f.name.kind === 'address' && f.path.length > 1 && isNetworkAddressHolder(f.path[f.path.length - 2])));
    if (!fields.length) return NONE;
    return { leaks: fields.map((f) => ({ path: f.path, name: f.name, label, node, steps: [{ node, label: `source: \`${label}\` (has \`${f.path.join('.')}\`)` }] })), params: [] };
  }

  /**
   * Fields the code shows a binding has: `user.password` read or written, `const { password } = body`, also through an
   * alias (`const body = req.body` then `body.password` gives `req` the field `body.password`).
   */
  private getEvidence(binding: Binding, depth = 0): SensitiveField[] {
    const hit = this.evidence.get(binding.id);
    if (hit) return hit;
    this.evidence.set(binding.id, []);
    // a WHATWG URL has `username` and `password` by definition (empty unless its text has them): what it carries is
    // decided by the text it was parsed from, not by reads such as `if (url.password) return null`
    if (isUrlObject(binding)) return [];
    const out: SensitiveField[] = [];
    for (const ref of getReferences(binding)) {
      const chain: string[] = [];
      let n: ts.Node = ref;
      let found = false;
      while ((ts.isPropertyAccessExpression(n.parent) || ts.isElementAccessExpression(n.parent)) && n.parent.expression === n) {
        const key = getMemberName(n.parent);
        if (key === undefined) break;
        chain.push(key);
        n = n.parent;
        // user.getToken(): a method, not a field
        if (ts.isCallExpression(n.parent) && n.parent.expression === n) break;
        const named = classifyValueName(key);
        if (named) {
          // `user.password = undefined` removes the field; `user.password = await hash(p)` replaces it with a hash
          const assignment = n.parent;
          const harmlessWrite = ts.isBinaryExpression(assignment) && assignment.left === n && assignment.operatorToken.kind === SyntaxKind.EqualsToken && isHarmless(assignment.right);
          if (!harmlessWrite && !ts.isDeleteExpression(n.parent)) out.push({ path: [...chain], name: named });
          found = true;
          break;
        }
      }
      if (found) continue;
      // const { password } = req.body as LoginBody
      while (ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAwaitExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) n = n.parent;
      const decl = n.parent;
      // `RegisterSchema.safeParse(req.body)`: the schema the value is checked against names its fields
      if (ts.isCallExpression(decl) && decl.arguments[0] === n && ts.isPropertyAccessExpression(decl.expression) && VALIDATING_METHODS.has(decl.expression.name.text)) {
        out.push(...getSchemaFields(decl.expression.expression, this.project).map((f) => ({ path: [...chain, ...f.path], name: f.name })));
      }
      if (ts.isVariableDeclaration(decl) && decl.initializer === n) {
        if (!ts.isIdentifier(decl.name)) out.push(...getPatternFields(decl.name).map((f) => ({ path: [...chain, ...f.path], name: f.name })));
        else if (depth < 3) {
          const alias = resolveIdentifier(decl.name);
          if (alias) out.push(...this.getEvidence(alias, depth + 1).map((f) => ({ path: [...chain, ...f.path], name: f.name })));
        }
      }
    }
    // `addressInfo.address` next to `.port` or `.family`: a network address (Node's AddressInfo), not a postal one
    const network = isNetworkAddressHolder(binding.name) || isAddressInfoCall(binding) || getReferences(binding).some((r) => ts.isPropertyAccessExpression(r.parent) && r.parent.expression === r && NETWORK_ADDRESS_SIBLINGS.has(r.parent.name.text));
    const fields = dedupeFields(network ? out.filter((f) => f.name.kind !== 'address') : out);
    this.evidence.set(binding.id, fields);
    return fields;
  }

  /** Drops fields removed before `use`: `delete user.password;` or `user.password = undefined;` in an enclosing block. */
  private dropRemovedFields(c: Carried, binding: Binding, use: ts.Identifier): Carried {
    if (!c.leaks.some((l) => l.path.length)) return c;
    const removed: string[] = [];
    for (const ref of getReferences(binding)) {
      if (ref.end > use.pos || !ts.isPropertyAccessExpression(ref.parent) || ref.parent.expression !== ref) continue;
      const access = ref.parent;
      const holder = access.parent;
      const isDelete = ts.isDeleteExpression(holder);
      const isHarmlessWrite = ts.isBinaryExpression(holder) && holder.left === access && holder.operatorToken.kind === SyntaxKind.EqualsToken && isHarmless(holder.right);
      if ((isDelete || isHarmlessWrite) && ts.isExpressionStatement(holder.parent) && isDominating(holder, use, true)) removed.push(access.name.text);
    }
    return removed.length ? omitKeys(c, removed) : c;
  }
}

/** The single type argument of a call (`query<UserRecord>(…)`), through `await` and parentheses. */
function getResultTypeArgument(init: ts.Expression): ts.TypeNode | undefined {
  const e = skipOuter(init);
  if (!ts.isCallExpression(e) || e.typeArguments?.length !== 1) return undefined;
  const t = e.typeArguments[0];
  return ts.isTypeReferenceNode(t) || ts.isArrayTypeNode(t) || ts.isTypeLiteralNode(t) ? t : undefined;
}

const AUTHORIZATION_HEADER = classifyName('authorization')!;

/** `err.config`, `err.response.config` of a caught error (a catch clause's, a `.catch` callback's): an HTTP client's request options. */
function isFailedRequestConfig(expr: ts.Expression): boolean {
  const e = skipOuter(expr);
  if (!ts.isPropertyAccessExpression(e) || e.name.text !== 'config') return false;
  let root = skipOuter(e.expression);
  if (ts.isPropertyAccessExpression(root) && root.name.text === 'response') root = skipOuter(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const decl = resolveIdentifier(root)?.declaration;
  if (!decl) return false;
  if (ts.isCatchClause(decl) || (ts.isVariableDeclaration(decl) && ts.isCatchClause(decl.parent))) return true;
  const fn = ts.isParameter(decl) ? decl.parent : undefined;
  const call = fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn.parent : undefined;
  return !!call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'catch' && fn!.parameters[0] === decl;
}

/** `text.split('=')`, `line.split(':')`: a `name=value` or `name: value` pair cut at its separator. */
function isPairSplit(expr: ts.Expression): boolean {
  const e = skipOuter(expr);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'split') return false;
  const sep = e.arguments[0];
  return !!sep && ts.isStringLiteralLike(sep) && (sep.text.trim() === '=' || sep.text.trim() === ':');
}

/**
 * True when every value a variable gets is an object the analysis can see into (a literal, `new X()`), so its fields
 * decide; and `auth` made by a call (`getAuth(app)`, `useAuth()`) is a service object, not an authorization header.
 */
function hasStructuralDefinitions(binding: Binding, use: ts.Identifier): boolean {
  const decl = binding.declaration;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
  const defs = getDefinitions(binding, use).map((d) => (d === decl ? decl.initializer : (d as ts.Expression)));
  const isAuthWord = splitWords(binding.name).join('') === 'auth';
  return defs.length > 0 && defs.every((d) => {
    if (!d) return false;
    const e = skipOuter(d);
    return ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e) || ts.isNewExpression(e) || (ts.isCallExpression(e) && (isAuthWord || isActionResult(e)));
  });
}

// ---- helpers ----

/** The receiver whose elements a callback parameter receives: `users.forEach((u) => …)`, `find().then((user) => …)`. */
function getCallbackReceiver(fn: FunctionNode, index: number): ts.Expression | undefined {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || index !== 0) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  return ELEMENT_CALLBACKS.has(call.expression.name.text) ? call.expression.expression : undefined;
}

/** Keys a rest element leaves out: `const { password, token, ...safe } = user` → ['password', 'token'] for `safe`. */
function getRestExclusions(id: ts.Identifier): string[] {
  const element = id.parent;
  if (!ts.isBindingElement(element) || !element.dotDotDotToken || !ts.isObjectBindingPattern(element.parent)) return [];
  return element.parent.elements.filter((e) => e !== element).map((e) => {
    const key = e.propertyName ?? e.name;
    return ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : '';
  }).filter(Boolean);
}

/** Sensitive names a destructuring pattern reads: `{ password, profile: { ssn } }`. */
function getPatternFields(pattern: ts.BindingName): SensitiveField[] {
  if (!ts.isObjectBindingPattern(pattern)) return [];
  const out: SensitiveField[] = [];
  for (const el of pattern.elements) {
    if (el.dotDotDotToken) continue;
    const key = el.propertyName ?? el.name;
    const text = ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : undefined;
    if (!text) continue;
    const named = classifyValueName(text);
    if (named) out.push({ path: [text], name: named });
    else out.push(...getPatternFields(el.name).map((f) => ({ path: [text, ...f.path], name: f.name })));
  }
  return out;
}

/** A variable holding `new URL(text)` (either branch of a conditional counts). */
function isUrlObject(binding: Binding): boolean {
  const decl = binding.declaration;
  if (!ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  const isUrl = (e: ts.Expression): boolean => {
    const x = skipOuter(e);
    if (ts.isConditionalExpression(x)) return isUrl(x.whenTrue) && isUrl(x.whenFalse);
    return ts.isNewExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'URL';
  };
  return isUrl(decl.initializer);
}

const COOKIE: SensitiveName = { kind: 'cookie', level: 'credential' };
const CARD_NUMBER: SensitiveName = { kind: 'cardNumber', level: 'credential' };

/** `card.number`, `creditCard.num`, `paymentCard.no`: a payment card's number read off the card. */
function classifyCardMember(holder: string, key: string): SensitiveName | undefined {
  if (!/^(?:number|num|no)$/i.test(key)) return undefined;
  const words = splitWords(holder);
  return words[words.length - 1] === 'card' && !words.some((w) => ['gift', 'sim', 'id', 'business', 'loyalty', 'library', 'report', 'score'].includes(w)) ? CARD_NUMBER : undefined;
}

/** `cookies()` (Next.js), `req.cookies`, `ctx.cookies`, `cookieStore`: a jar of the request's cookies. */
function isCookieJar(e: ts.Expression): boolean {
  const target = ts.isCallExpression(e) ? e.expression : e;
  const name = ts.isIdentifier(target) ? target.text : ts.isPropertyAccessExpression(target) ? target.name.text : '';
  return /^(?:cookies|cookieStore|cookieJar|signedCookies)$/.test(name);
}

/** An identifier declared (or cast) as a session that authenticates nobody: `session: Stripe.Checkout.Session`. */
function isNonAuthSession(e: ts.Expression): boolean {
  if (!ts.isIdentifier(e)) return false;
  const decl = resolveIdentifier(e)?.declaration;
  if (!decl || !(ts.isParameter(decl) || ts.isVariableDeclaration(decl))) return false;
  let init = decl.initializer;
  while (init && (ts.isParenthesizedExpression(init) || ts.isAwaitExpression(init))) init = init.expression;
  const type = decl.type ?? (init && (ts.isAsExpression(init) || ts.isTypeAssertionExpression(init)) ? init.type : undefined);
  return !!type && isNonAuthSessionType(type.getText());
}

/** `process.env` (the global). */
function isProcessEnv(e: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(e) || e.name.text !== 'env') return false;
  const obj = e.expression;
  return ts.isIdentifier(obj) && obj.text === 'process' && !resolveIdentifier(obj);
}

/** The literal value at `expr.path` when `expr` is (a const or field holding) an object literal: `const o = { password: '***' }`. */
function findLiteralValue(expr: ts.Expression, path: string[], depth = 0): ts.Expression | undefined {
  if (depth > 5) return undefined;
  let e = skipOuter(expr);
  // protected endpoints = { token: '' }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === SyntaxKind.ThisKeyword) {
    const cls = getEnclosingClass(e);
    const field = e.name.text;
    const member = cls?.members.find((m) => ts.isPropertyDeclaration(m) && m.name.getText() === field) as ts.PropertyDeclaration | undefined;
    if (!member?.initializer) return undefined;
    e = skipOuter(member.initializer);
  }
  if (ts.isIdentifier(e)) {
    const b = resolveIdentifier(e);
    const d = b?.declaration;
    if (!b || b.kind !== 'const' || !d || !ts.isVariableDeclaration(d) || !ts.isIdentifier(d.name) || !d.initializer) return undefined;
    e = skipOuter(d.initializer);
  }
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  const prop = getObjectProperty(e, path[0]);
  if (!prop || !isExpressionNode(prop)) return undefined;
  return path.length === 1 ? (prop as ts.Expression) : findLiteralValue(prop as ts.Expression, path.slice(1), depth + 1);
}

/** Static keys: `'password'`, `['id', 'email']`. */
function getStaticKeys(expr: ts.Expression): string[] | undefined {
  const e = skipOuter(expr);
  if (ts.isArrayLiteralExpression(e)) {
    const keys = e.elements.map((el) => getStaticString(el));
    return keys.every((k): k is string => k !== undefined) ? keys : undefined;
  }
  const one = getStaticString(e);
  return one === undefined ? undefined : [one];
}

/** Values a declared type says more about than the code does: results of calls, member reads, other variables. */
function isOpaque(expr: ts.Expression): boolean {
  const e = skipOuter(expr);
  return ts.isCallExpression(e) || ts.isNewExpression(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isIdentifier(e);
}

/** True when the assignment statement holding `node` runs before `use` on every path (a statement of an enclosing block, same function). */
function isDominating(node: ts.Node, use: ts.Node, isStatementChild = false): boolean {
  const statement = isStatementChild ? node.parent : node.parent?.parent;
  if (!statement || !ts.isExpressionStatement(statement)) return false;
  const block = statement.parent;
  if (!(ts.isBlock(block) || ts.isSourceFile(block))) return false;
  if (!(use.pos >= block.pos && use.end <= block.end)) return false;
  for (let n: ts.Node | undefined = use.parent; n && n !== block; n = n.parent) if (isFunctionNode(n)) return false;
  return true;
}

function getKeyText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return getStaticString(name.expression);
  return undefined;
}

function isExpressionNode(node: ts.Node): boolean {
  return ts.isIdentifier(node) || ts.isExpression(node as ts.Expression);
}

/** A field of an object read out as a value: it is now a datum of its own, whose source is the read (unless the object travelled first). */
function readAsValue(leak: Leak, read: ts.Expression): Leak {
  const label = shortText(read);
  const steps = leak.steps.length > 1 ? [...leak.steps, { node: read, label: `\`${label}\` is read` }] : [{ node: read, label: `source: \`${label}\`` }];
  return { ...leak, label, as: undefined, node: read, steps };
}

function leakAt(node: ts.Node, name: SensitiveName, label: string): Leak {
  return { path: [], name, label, node, steps: [{ node, label: `source: \`${label}\`` }] };
}

/** The leaks at `path` inside each leak's value; members of a scalar secret are dropped (`token.type`). */
function shiftLeaks(leaks: Leak[], path: string[]): Leak[] {
  const out: Leak[] = [];
  for (const l of leaks) {
    if (l.path.length < path.length || !path.every((p, i) => l.path[i] === p)) continue;
    out.push({ ...l, path: l.path.slice(path.length), label: `${l.label}.${path.join('.')}` });
  }
  return out;
}

function shiftCarried(c: Carried, path: string[]): Carried {
  return path.length ? { leaks: shiftLeaks(c.leaks, path), params: [] } : c;
}

function omitKeys(c: Carried, keys: string[]): Carried {
  if (!keys.length) return c;
  return { leaks: c.leaks.filter((l) => !(l.path.length && keys.includes(l.path[0]))), params: c.params.map((p) => ({ ...p, omit: [...p.omit, ...keys] })) };
}

function keepKeys(c: Carried, keys: string[]): Carried {
  return { leaks: c.leaks.filter((l) => l.path.length && keys.includes(l.path[0])), params: c.params.map((p) => ({ ...p, only: p.only ? p.only.filter((k) => keys.includes(k)) : keys })) };
}

function withStep(c: Carried, node: ts.Node, label: string): Carried {
  if (!c.leaks.length && !c.params.length) return c;
  const add = <T extends { steps: Step[] }>(x: T): T => ({ ...x, steps: [...x.steps, { node, label }] });
  return { leaks: c.leaks.map(add), params: c.params.map(add) };
}

function merge(a: Carried, b: Carried): Carried {
  if (!b.leaks.length && !b.params.length) return a;
  if (!a.leaks.length && !a.params.length) return b;
  return { leaks: [...a.leaks, ...b.leaks], params: [...a.params, ...b.params] };
}

function mergeAll(list: Carried[]): Carried {
  return list.reduce(merge, NONE);
}

/** One leak per label and path, one flow per parameter. */
function limit(c: Carried): Carried {
  const seen = new Set<string>();
  const leaks = c.leaks.filter((l) => {
    const key = `${l.label}|${l.path.join('.')}|${l.as ?? ''}`;
    if (seen.has(key) || seen.size >= MAX_LEAKS) return false;
    seen.add(key);
    return true;
  });
  const params = c.params.filter((p) => {
    const key = `param|${p.fn.pos}|${p.index}|${p.omit.join(',')}|${p.only?.join(',') ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return leaks.length === c.leaks.length && params.length === c.params.length ? c : { leaks, params };
}


/** An expression as it reads in a message: on one line, at most 40 characters. */
export function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

// ---- entry points ----

const analyzers = new WeakMap<ProjectIndex, Analyzer>();

function getAnalyzer(project: ProjectIndex): Analyzer {
  let a = analyzers.get(project);
  if (!a) analyzers.set(project, (a = new Analyzer(project)));
  return a;
}

/** The sensitive data a value carries, and the parameters of its enclosing function it comes from. */
export function getSensitiveValue(expr: ts.Node, project: ProjectIndex): Carried {
  return getAnalyzer(project).value(expr);
}

/**
 * What a logged argument writes: object literals are split key by key, text building (templates, `+`, `JSON.stringify`,
 * `util.format`) part by part, so each datum is named by the sub-expression holding it.
 */
export function getLoggedValues(arg: ts.Expression, project: ProjectIndex): { leaks: LoggedLeak[]; params: LoggedParam[] } {
  const analyzer = getAnalyzer(project);
  const leaks: LoggedLeak[] = [];
  const params: LoggedParam[] = [];
  let dropped: string[] = [];
  const add = (holder: ts.Expression, value: Carried, keyPath: string[] | undefined) => {
    const c = omitKeys(value, dropped);
    for (const leak of c.leaks) leaks.push({ leak, holder, keyPath });
    for (const param of c.params) params.push({ param, holder, keyPath });
  };
  const split = (node: ts.Expression, keyPath: string[] | undefined, depth: number): void => {
    const e = ts.isSpreadElement(node) ? node.expression : skipOuter(node);
    if (depth > 8) return add(e, analyzer.value(e), keyPath);
    if (ts.isObjectLiteralExpression(e)) {
      e.properties.forEach((p, i) => {
        if (ts.isSpreadAssignment(p)) {
          // { ...user, password: undefined }: keys written after a spread replace its fields
          const outer = dropped;
          dropped = [...outer, ...getLaterKeys(e, i)];
          split(p.expression, keyPath, depth + 1);
          dropped = outer;
        }
        else if (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) {
          const key = getKeyText(p.name);
          const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
          const inner = skipOuter(value);
          const childPath = keyPath && key !== undefined ? [...keyPath, key] : undefined;
          if (ts.isObjectLiteralExpression(inner) || ts.isTemplateExpression(inner) || isTextBuilding(inner)) split(inner, childPath, depth + 1);
          else add(inner, key === undefined ? analyzer.value(inner) : analyzer.keyedValue(key, inner), childPath);
        }
      });
      return;
    }
    if (ts.isTemplateExpression(e)) return e.templateSpans.forEach((s) => split(s.expression, undefined, depth + 1));
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.PlusToken) {
      split(e.left, undefined, depth + 1);
      return split(e.right, undefined, depth + 1);
    }
    if (ts.isConditionalExpression(e)) {
      split(e.whenTrue, keyPath, depth + 1);
      return split(e.whenFalse, keyPath, depth + 1);
    }
    if (ts.isArrayLiteralExpression(e)) return e.elements.forEach((el) => split(el, keyPath, depth + 1));
    if (ts.isCallExpression(e) && isTextBuilding(e)) return e.arguments.forEach((a) => split(a, undefined, depth + 1));
    add(e, analyzer.value(e), keyPath);
  };
  split(arg, [], 0);
  return { leaks, params };
}

/** Keys an object literal writes after its `index`-th property. */
function getLaterKeys(obj: ts.ObjectLiteralExpression, index: number): string[] {
  return obj.properties.slice(index + 1).flatMap((p) => {
    const key = (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) ? getKeyText(p.name) : undefined;
    return key === undefined ? [] : [key];
  });
}

/** `JSON.stringify(x)` (no replacer), `util.format(…)`, `util.inspect(x)`, `String(x)`: text made of the arguments. */
function isTextBuilding(e: ts.Expression): boolean {
  if (!ts.isCallExpression(e)) return false;
  const callee = e.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = callee.expression.getText();
    const name = callee.name.text;
    if (receiver === 'JSON' && name === 'stringify') return e.arguments.length === 1 || (e.arguments[1]?.kind === SyntaxKind.NullKeyword);
    return receiver === 'util' && (name === 'format' || name === 'inspect');
  }
  return ts.isIdentifier(callee) && callee.text === 'String' && !resolveIdentifier(callee);
}

/** Marks an expression the sensitivity analysis found clean: the tracer stops there instead of looking inside. */
export const CLEAN_SOURCE = 'clean';

/**
 * A taint spec for `propagateToCallers`: an argument of a wrapper call is a source when it carries sensitive data,
 * and clean (a `CLEAN_SOURCE` origin to skip) when it does not, so the field-unaware tracer never looks into `user.name`.
 * Only values that come from a parameter of the caller are left to the tracer, to continue to the next caller.
 */
export function makeSensitiveSpec(id: string): TaintSpec {
  return {
    id,
    getSource(expr, project, memberPath) {
      const analyzer = getAnalyzer(project);
      const c = memberPath?.length ? analyzer.along(expr, memberPath) : analyzer.value(expr);
      if (c.leaks.length) return { label: c.leaks[0].label, kind: 'sensitive' };
      if (c.params.length && !memberPath?.length) return undefined;
      return { label: '', kind: CLEAN_SOURCE };
    },
    isSanitizer: (call) => {
      const callee = call.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      return isRedactingName(name);
    },
  };
}

/** `new URL(address)`, `isUrl(address)`, `fetch(address)`: an address used as a URL is a web address, not a postal one. */
function isUsedAsUrl(binding: Binding): boolean {
  return getReferences(binding).some((ref) => {
    const call = ref.parent;
    if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || call.arguments?.[0] !== ref) return false;
    const callee = call.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return /^(?:URL|fetch|isUrl|isURL|isValidUrl|isValidURL|parseUrl|parseURL)$/.test(name);
  });
}

/** `const info = server.address()`: Node's `address()` of a server or socket returns an AddressInfo. */
function isAddressInfoCall(binding: Binding): boolean {
  const decl = binding.declaration;
  return ts.isVariableDeclaration(decl) && !!decl.initializer && isAddressCall(decl.initializer);
}

function isAddressCall(expr: ts.Expression): boolean {
  const e = skipOuter(expr);
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'address' && e.arguments.length === 0;
}

/** `server.address()`, or a variable holding it. */
function isAddressInfo(obj: ts.Expression): boolean {
  const e = skipOuter(obj);
  if (isAddressCall(e)) return true;
  const binding = ts.isIdentifier(e) ? resolveIdentifier(e) : undefined;
  return !!binding && isAddressInfoCall(binding);
}


/** The name of what holds the last member of `obj.path…`: `addressInfo` for `addressInfo.address`, `b` for `a.b.address`. */
function holderName(obj: ts.Expression, path: string[]): string {
  if (path.length > 1) return path[path.length - 2];
  const e = skipOuter(obj);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isCallExpression(e)) return holderName(e.expression, []);
  return '';
}

/** Objects that hold the application's settings: `process.env`, `env`, `config`, `this.config`, `appConfig`; not `userConfig`. */
const CONFIG_HOLDER = /(?:^|\.)(?:env|config|configuration|settings|(?:app|server|site|global|mail|smtp|service)Config)$/i;

/** True for an object literal property whose siblings name a network endpoint's parts (`port`, `family`, `host`). */
function hasNetworkSiblings(prop: ts.Node | undefined): boolean {
  const obj = prop?.parent;
  if (!obj || !ts.isObjectLiteralExpression(obj)) return false;
  return obj.properties.some((p) => p !== prop && p.name !== undefined && NETWORK_ADDRESS_SIBLINGS.has(getKeyText(p.name) ?? ''));
}

/** A `const` object literal whose values are constants (strings, numbers, arrays of them, nested tables): `{ basic: ['clientId'] }`. */
function isConstantTable(obj: ts.Expression): boolean {
  const e = skipOuter(obj);
  const binding = ts.isIdentifier(e) ? resolveIdentifier(e) : undefined;
  const decl = binding?.kind === 'const' ? binding.declaration : undefined;
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? skipOuter(decl.initializer) : undefined;
  return !!init && ts.isObjectLiteralExpression(init) && isConstantValue(init, 0);
}

function isConstantValue(e: ts.Expression, depth: number): boolean {
  const v = skipOuter(e);
  if (getStaticString(v) !== undefined) return true;
  if (depth > 3) return false;
  if (ts.isArrayLiteralExpression(v)) return v.elements.every((el) => isConstantValue(el, depth + 1));
  if (ts.isObjectLiteralExpression(v)) return v.properties.every((p) => ts.isPropertyAssignment(p) && isConstantValue(p.initializer, depth + 1));
  return false;
}
