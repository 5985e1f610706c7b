/**
 * Stack trace exposure: a caught error's stack, the raw error object, or the message of an unexpected error reaches an
 * HTTP or GraphQL response (Express, Fastify, Koa, Hono, hapi, Next.js, NestJS, GraphQL), or a setting makes the framework send stacks.
 */
import { ts } from 'ts-morph';
import { defineRule } from '../src/rule.js';
import { isTestPath } from '../src/analysis/secrets/test-paths.js';
import type { FlowStep, Location, ProjectContext, RuleContext, Severity } from '../src/types.js';
import type { ProjectIndex } from '../src/analysis/project.js';
import { traceTaint, traceTaintAlongPath, argumentsFor, type TaintOrigin, type TaintSpec } from '../src/analysis/taint.js';
import { findFunctionAt, makeParamFact, propagateToCallers, toFlowSteps, type ParamSinkFact } from '../src/analysis/summaries.js';
import { resolveIdentifier } from '../src/analysis/scope.js';
import { getAccessPath } from '../src/analysis/sources.js';
import { describeFunction, getBindingPath, isFunctionNode, resolveCallee, skipOuter, type FunctionNode } from '../src/analysis/values.js';
import { classifyErrorMembers, getErrorBindingOf, getErrorSource, getInspectedValue, NON_ERROR_MEMBER } from '../src/analysis/errors.js';
import { isDevelopmentOnly, isExitedOnFailure, isOverwrittenWhenUnsafe } from '../src/analysis/guards.js';
import { getAssignmentSinks, getCallSinks, getNewSinks, getReturnSinks, getStackSetting, getSuperSinks, hasClientErrorStatus, type ResponseSink } from '../src/analysis/responses.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** Caught errors and what is read from them; `util.inspect(err)` keeps the whole error. */
const errorTaint: TaintSpec = {
  id: 'stack-trace-exposure',
  getSource: (expr, project, memberPath) => getErrorSource(expr, project, memberPath),
  propagate: (call, project) => {
    const inspected = getInspectedValue(call, project);
    return inspected ? [inspected] : undefined;
  },
};

/** What reaches the client, most severe first. */
type Exposure = 'stack' | 'error' | 'message';
const RANK: Record<Exposure, number> = { stack: 3, error: 2, message: 1 };
const MAX_HELPER_DEPTH = 4;
/** Callers of one error helper reported each at their call; above this, the helper's sink is reported once. */
const MAX_CALLER_REPORTS = 3;

interface Candidate {
  exposure: Exposure;
  label: string;
  origin: TaintOrigin;
}

/** The source kind once a helper reads `access` from the value: `err` read as `.stack` is a stack. Undefined when nothing leaks. */
function combineKind(kind: string, access: string[]): string | undefined {
  if (kind.startsWith('param:')) return `param:${[...splitPath(kind.slice(6)), ...access].join('.')}`;
  if (!access.length) return kind;
  if (kind === 'error') return classifyErrorMembers(access);
  // a client error's message is meant to be shown, its stack is not
  if (kind === 'client') return classifyErrorMembers(access) === 'stack' ? 'stack' : undefined;
  return kind === 'stack' || kind === 'message' ? kind : undefined;
}

function splitPath(path: string | undefined): string[] {
  return path ? path.split('.') : [];
}

function toExposure(kind: string | undefined): Exposure | undefined {
  return kind === 'stack' || kind === 'error' || kind === 'message' ? kind : undefined;
}

function labelFor(origin: TaintOrigin, access: string[]): string {
  const kind = origin.sourceKind ?? '';
  const members = access.filter((m) => m !== NON_ERROR_MEMBER);
  return members.length && (kind === 'error' || kind === 'client') ? `${origin.label}.${members.join('.')}` : origin.label;
}

/** True when the source, or any step of the flow, only runs in development. */
function isDevelopmentFlow(origin: TaintOrigin, project: ProjectIndex): boolean {
  return [origin.node, ...origin.steps.map((s) => s.node)].some((n) => isDevelopmentOnly(n, project));
}

/** The parameter a `param:` source reads from, with its function and, for a destructured one, the field it names (`{ error }` → ['error']). */
function getParameterOf(origin: TaintOrigin): { fn: FunctionNode; index: number; param: ts.ParameterDeclaration; path?: string[] } | undefined {
  if (origin.kind === 'param' && origin.fn && origin.paramIndex !== undefined) return { fn: origin.fn, index: origin.paramIndex, param: origin.fn.parameters[origin.paramIndex], path: origin.path };
  const access = ts.isExpression(origin.node as ts.Expression) ? getAccessPath(origin.node as ts.Expression) : undefined;
  const binding = access && resolveIdentifier(access.root);
  const d = binding?.declaration;
  if (!binding || !d || !ts.isParameter(d) || !isFunctionNode(d.parent)) return undefined;
  const path = ts.isIdentifier(d.name) ? undefined : getBindingPath(d.name, binding.id);
  return { fn: d.parent, index: d.parent.parameters.indexOf(d), param: d, ...(path?.length ? { path } : {}) };
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.getSourceFile() === outer.getSourceFile() && inner.pos >= outer.pos && inner.end <= outer.end;
}

function severityOf(exposure: Exposure): Severity {
  return exposure === 'message' ? 'warning' : 'error';
}

function fixOf(exposure: Exposure): string {
  return exposure === 'message' ? 'fixMessage' : 'fixStack';
}

/** "the caught exception" and where it is declared: "line 12", or "src/x.ts line 12" when not in the finding's file. */
function describeOrigin(origin: TaintOrigin, locationOf: (n: ts.Node) => Location, file: string): { origin: string; where: string } {
  const binding = getErrorBindingOf(origin.node);
  const location = locationOf(binding?.id ?? origin.node);
  const where = location.file === file ? `line ${location.startLine}` : `${location.file} line ${location.startLine}`;
  return { origin: binding?.describe ?? 'the caught error', where };
}

/** Keeps the most severe exposure per error binding. */
function pickMostSevere(candidates: Candidate[]): Candidate[] {
  const best = new Map<ts.Node | string, Candidate>();
  for (const c of candidates) {
    // one finding per catch clause or error handler, also for `catch ({ message, stack })`
    const key = getErrorBindingOf(c.origin.node)?.owner ?? c.label;
    const old = best.get(key);
    if (!old || RANK[c.exposure] > RANK[old.exposure]) best.set(key, c);
  }
  return [...best.values()];
}

/** Finds what flows into a sink: error sources become candidates, parameters become facts for the callers. */
function checkSink(context: RuleContext, sink: ResponseSink): void {
  const project = context.project;
  if (isDevelopmentOnly(sink.node, project)) return;
  const candidates: Candidate[] = [];
  const visit = (origin: TaintOrigin, kind: string, access: string[], value: ts.Expression, depth: number): void => {
    const combined = combineKind(kind, access);
    if (!combined || isDevelopmentFlow(origin, project)) return;
    if (combined.startsWith('param:')) {
      const target = getParameterOf(origin);
      if (!target) return;
      const path = splitPath(combined.slice(6));
      // `res.json({ code: err.code })` in a helper leaks nothing whatever error its callers pass
      if (path.length && classifyErrorMembers(path) === 'detail') return;
      origin = asParameterRead(origin, target.fn);
      if (contains(target.fn, sink.node)) {
        const param: TaintOrigin = { ...origin, kind: 'param', fn: target.fn, paramIndex: target.index, node: target.param, ...(target.path ? { path: target.path } : {}) };
        const fact = makeParamFact(context, param, sink.label, sink.node, { access: path.join('.'), errorAsMessage: String(sink.errorAsMessage) });
        if (fact) context.emit(withSinkStep(fact));
        return;
      }
      // the value came back from a call of a helper that read it from its parameter: follow that call's argument
      if (depth >= MAX_HELPER_DEPTH) return;
      for (const step of [...origin.steps].reverse()) {
        if (!ts.isCallExpression(step.node) || !resolveCallee(step.node, project).includes(target.fn)) continue;
        for (const arg of argumentsFor(step.node, target.fn, target.index)) {
          for (const inner of target.path ? traceTaintAlongPath(arg, target.path, errorTaint, project) : traceTaint(arg, errorTaint, project)) {
            const merged = { ...inner, steps: [...inner.steps, { node: arg, label: `passed to \`${describeFunction(target.fn)}\`` }, ...origin.steps] };
            visit(merged, inner.kind === 'param' ? 'param:' : (inner.sourceKind ?? ''), path, value, depth + 1);
          }
        }
        return;
      }
      return;
    }
    let exposure = toExposure(combined);
    if (!exposure || isOverwrittenWhenUnsafe(origin, sink.node, project) || isExitedOnFailure(origin, sink.node)) return;
    // `String(err)`, `${err}`, `err.toString()`: "Error: message", without the stack
    if (exposure === 'error' && !access.length && isStringConversion(origin.node)) exposure = 'message';
    const wholeError = exposure === 'error' && !access.length && skipOuter(value) === origin.node;
    if (wholeError && sink.errorHidden) return;
    if (wholeError && sink.errorAsMessage) exposure = 'message';
    if (sink.stackOnly && exposure !== 'stack') return;
    // `res.status(400).json({ error: err.message })`: a message sent as the client's own error, on purpose
    if (exposure === 'message' && hasClientErrorStatus(sink)) return;
    candidates.push({ exposure, label: labelFor(origin, access), origin });
  };
  for (const value of sink.values) {
    for (const origin of traceTaint(value, errorTaint, project)) visit(origin, origin.kind === 'param' ? 'param:' : (origin.sourceKind ?? ''), [], value, 0);
  }
  for (const c of pickMostSevere(candidates)) {
    const steps = [...toFlowSteps(context, c.origin.steps), { location: context.locationOf(sink.node), label: `sent to the client by ${sink.label}` }];
    context.report({
      node: sink.node,
      messageId: 'exposed',
      data: { source: c.label, ...describeOrigin(c.origin, context.locationOf, context.file), sink: sink.label },
      fix: fixOf(c.exposure),
      severity: severityOf(c.exposure),
      steps,
    });
  }
}

/** A helper's `err.stack` is no source of its own: its first step names the parameter it reads. */
function asParameterRead(origin: TaintOrigin, fn: FunctionNode): TaintOrigin {
  if (origin.kind !== 'source' || !origin.steps.length) return origin;
  const first = { ...origin.steps[0], label: `\`${origin.label}\` read from a parameter of \`${describeFunction(fn)}\`` };
  return { ...origin, steps: [first, ...origin.steps.slice(1)] };
}

/** The fact's last step reads like the direct findings' last step. */
function withSinkStep(fact: ParamSinkFact): ParamSinkFact {
  const steps = fact.steps.map((s, i) => (i === fact.steps.length - 1 ? { ...s, label: `sent to the client by ${fact.sink}` } : s));
  return { ...fact, steps };
}

function checkStackSetting(context: RuleContext, node: ts.CallExpression | ts.NewExpression): void {
  const setting = getStackSetting(node, context.project);
  if (!setting || isDevelopmentOnly(setting.node, context.project)) return;
  context.report({
    node: setting.node,
    messageId: setting.kind === 'middleware' ? 'middleware' : 'setting',
    data: { setting: setting.label, framework: setting.framework },
    fix: 'fixSetting',
    severity: 'error',
  });
}

/** An error found at a caller of a helper that sends its parameter. */
interface CallerCandidate {
  c: Candidate;
  call: ts.CallExpression | ts.NewExpression;
  fact: ParamSinkFact;
  steps: FlowStep[];
  /** The helper chose what to send: it reads the stack or message itself, or takes an error (`sendError(res, err)`). */
  inHelper: boolean;
}

/** Parameter names of an error: `err`, `error`, `e`, `exception`, `apiError`. */
const ERROR_PARAM = /^(?:e|err|error|ex|exc|exception|cause)$|(?:Error|Err|Exception)$/;

/** True when the helper's parameter of a fact is named as an error (a destructured one by the field it reads). */
function takesError(context: ProjectContext, fact: ParamSinkFact): boolean {
  const declared = findFunctionAt(context, fact.file, fact.fnPos)?.parameters[fact.index];
  const name = fact.path?.length ? fact.path[fact.path.length - 1] : declared && ts.isIdentifier(declared.name) ? declared.name.text : undefined;
  return name !== undefined && ERROR_PARAM.test(name);
}

/** In `finish`: reports sources found at the callers of helpers that send their parameter; follows parameters further up. */
function reportCallers(context: ProjectContext, facts: ParamSinkFact[], depth: number): void {
  const project = context.project;
  const next: ParamSinkFact[] = [];
  const candidates = new Map<string, CallerCandidate>();
  propagateToCallers(context, facts, errorTaint, {
    onSource({ origin, call, fact, steps }) {
      if (isDevelopmentFlow(origin, project) || isDevelopmentOnly(call, project) || isExitedOnFailure(origin, call)) return;
      const access = splitPath(fact.data?.access);
      const combined = combineKind(origin.sourceKind ?? '', access);
      if (combined?.startsWith('param:')) {
        // the caller read the value from its own parameter: its callers are checked next
        const target = getParameterOf(origin);
        const path = splitPath(combined.slice(6));
        if (!target || (path.length && classifyErrorMembers(path) === 'detail')) return;
        const param: TaintOrigin = { ...asParameterRead(origin, target.fn), kind: 'param', fn: target.fn, paramIndex: target.index, node: target.param, ...(target.path ? { path: target.path } : {}) };
        const made = makeParamFact({ locationOf: context.locationOf, file: fact.file }, param, fact.sink, call, { ...fact.data, access: combined.slice(6) });
        const read = steps.map((st, i) => (i === 0 ? { ...st, label: `\`${origin.label}\` read from a parameter of \`${describeFunction(target.fn)}\`` } : st));
        if (made) next.push({ ...made, steps: read, sinkLocation: fact.sinkLocation });
        return;
      }
      let exposure = toExposure(combined);
      if (!exposure) return;
      if (exposure === 'error' && fact.data?.errorAsMessage === 'true' && !access.length) exposure = 'message';
      const c: Candidate = { exposure, label: labelFor(origin, access), origin };
      const binding = getErrorBindingOf(origin.node);
      const loc = context.locationOf(call);
      // test code answers test requests with raw errors on purpose, as in the per-file phase
      if (isTestPath(loc.file)) return;
      const key = `${loc.file}:${loc.startLine}:${binding ? context.locationOf(binding.owner).startLine : c.label}`;
      const old = candidates.get(key);
      const inHelper = access.length > 0 || takesError(context, fact);
      if (!old || RANK[exposure] > RANK[old.c.exposure]) candidates.set(key, { c, call, fact, steps, inHelper });
    },
  });
  // an error helper that picks what to send, or that many callers feed, is one defect, fixed in the helper: one
  // report at its sink; a helper that sends the body it is given is reported where a caller put the error in
  const bySink = new Map<string, CallerCandidate[]>();
  for (const candidate of candidates.values()) {
    const at = candidate.fact.sinkLocation;
    const key = `${at.file}:${at.startLine}:${at.startColumn}`;
    const group = bySink.get(key);
    if (group) group.push(candidate);
    else bySink.set(key, [candidate]);
  }
  const reported = new Set<CallerCandidate>();
  for (const group of bySink.values()) {
    if (group.length <= MAX_CALLER_REPORTS && !group.every((c) => c.inHelper)) continue;
    // the most severe exposure stands for the group (the first of those, in file order)
    const worst = group.reduce((a, b) => (RANK[b.c.exposure] > RANK[a.c.exposure] ? b : a));
    const at = worst.fact.sinkLocation;
    context.report({
      file: at.file,
      location: at,
      messageId: group.length === 1 ? 'exposedInHelper' : 'exposedByHelper',
      data: { source: worst.c.label, ...describeOrigin(worst.c.origin, context.locationOf, at.file), sink: worst.fact.sink, wrapper: calleeText(worst.call), count: group.length },
      fix: fixOf(worst.c.exposure),
      severity: severityOf(worst.c.exposure),
      steps: worst.steps,
    });
    for (const candidate of group) reported.add(candidate);
  }
  for (const candidate of candidates.values()) {
    if (reported.has(candidate)) continue;
    const { c, call, fact, steps } = candidate;
    const location = context.locationOf(reportNode(call));
    context.report({
      file: location.file,
      location,
      messageId: 'exposedThroughWrapper',
      data: { source: c.label, ...describeOrigin(c.origin, context.locationOf, location.file), sink: fact.sink, wrapper: calleeText(call) },
      fix: fixOf(c.exposure),
      severity: severityOf(c.exposure),
      steps,
    });
  }
  if (next.length && depth < MAX_HELPER_DEPTH) reportCallers(context, next, depth + 1);
}

export default defineRule({
  id: 'stack-trace-exposure',
  meta: {
    name: 'Stack trace exposure',
    description: 'Stack traces and raw error details in responses let an attacker map the server: file paths, library versions, queries and internal state.',
    fullDescription:
      'A caught error\'s `stack`, the error object itself (serialised, stringified or inspected) or the message of an unexpected error is sent to the client by an HTTP response (Express, Fastify, Koa, Hono, hapi, Next.js, NestJS exceptions) or a GraphQL resolver, or a setting such as the `errorhandler` middleware or Apollo\'s `includeStacktraceInErrorResponses` sends stacks outside development. Log the error server-side under an id and send a generic message with that id.',
    help: [
      '## Stack trace exposure',
      '',
      'Error stacks name source files, line numbers, frameworks and library versions; raw error objects and messages of unexpected errors can carry SQL text, hostnames, file paths or data of other users. Attackers use them to map the server and tune exploits.',
      '',
      'An error helper that picks the stack or message itself or takes an error (`sendError(res, err)`) is reported once, at its response, with the errors its callers pass; a helper that sends whatever body it is given is reported at each call that puts error details in, or once at its response when more than three callers do.',
      '',
      'Messages of errors written for clients (a `ValidationError` with a status, NestJS `HttpException` subclasses, a message the code recognises: `if (err.message.startsWith(\'Content cannot be\'))`), messages sent with an explicit 4xx status (`res.status(400).json({ error: err.message })`, `new BadRequestException(err.message)`: the client\'s own error, on purpose) and code under a development-only guard (`if (process.env.NODE_ENV !== \'production\')`) are not reported. Stacks and raw error objects are errors whatever the status; the message of an unexpected error (also the error turned into a string: `String(err)`, `${err}`) is a warning.',
      '',
      '### Vulnerable',
      '```ts',
      "app.get('/orders/:id', async (req, res) => {",
      '  try {',
      '    res.json(await orders.find(req.params.id));',
      '  } catch (err) {',
      '    res.status(500).json({ error: err.stack });',
      '  }',
      '});',
      '```',
      '',
      '### Fixed',
      '```ts',
      "import { randomUUID } from 'node:crypto';",
      '',
      "app.get('/orders/:id', async (req, res) => {",
      '  try {',
      '    res.json(await orders.find(req.params.id));',
      '  } catch (err) {',
      '    const errorId = randomUUID();',
      '    logger.error({ err, errorId }, \'order lookup failed\');',
      "    res.status(500).json({ error: 'Internal server error', errorId });",
      '  }',
      '});',
      '```',
      '',
      'Send `err.message` only for errors meant for clients: `if (err instanceof ValidationError) return res.status(400).json({ message: err.message });`. Install `errorhandler` only under `if (process.env.NODE_ENV === \'development\')`.',
      '',
      'References: [OWASP Error Handling Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html), [CWE-209](https://cwe.mitre.org/data/definitions/209.html), [CWE-497](https://cwe.mitre.org/data/definitions/497.html), [Express: error handling in production](https://expressjs.com/en/advanced/best-practice-security.html).',
    ].join('\n'),
    cwe: ['CWE-209', 'CWE-497'],
    severity: 'error',
    securitySeverity: 5.3,
    precision: 'high',
    tags: ['security', 'information-disclosure', 'error-handling'],
  },
  messages: {
    exposed: '`{{source}}` from {{origin}} ({{where}}) is sent to the client by {{sink}}.',
    exposedThroughWrapper: '`{{source}}` from {{origin}} ({{where}}) is sent to the client by {{sink}} through `{{wrapper}}`.',
    exposedByHelper: '`{{source}}` of the errors {{count}} callers pass to `{{wrapper}}` is sent to the client by {{sink}} (for one: {{origin}}, {{where}}).',
    exposedInHelper: '`{{source}}` of the error passed to `{{wrapper}}` ({{origin}}, {{where}}) is sent to the client by {{sink}}.',
    middleware: '{{setting}} sends error stack traces to the client and is installed outside a development-only guard.',
    setting: '{{setting}} makes {{framework}} send error stack traces to the client.',
    fixStack: "Log the error server-side with an error id and send a generic message with that id: `res.status(500).json({ error: 'Internal server error', errorId })`.",
    fixMessage: "Send a generic message with an error id and log the details server-side; send `err.message` only for errors meant for clients (`if (err instanceof ValidationError) …`).",
    fixSetting: "Enable it only under `if (process.env.NODE_ENV === 'development')`; in production log errors with an id and send a generic message.",
  },
  create(context) {
    // test code logs fixtures and answers test requests with raw errors on purpose: not a production exposure
    if (isTestPath(context.file)) return {};
    const project = context.project;
    return {
      [SyntaxKind.CallExpression](call: ts.CallExpression) {
        for (const sink of getCallSinks(call, project)) checkSink(context, sink);
        for (const sink of getSuperSinks(call, project)) checkSink(context, sink);
        checkStackSetting(context, call);
      },
      [SyntaxKind.NewExpression](expr: ts.NewExpression) {
        for (const sink of getNewSinks(expr, project)) checkSink(context, sink);
        checkStackSetting(context, expr);
      },
      [SyntaxKind.BinaryExpression](b: ts.BinaryExpression) {
        for (const sink of getAssignmentSinks(b, project)) checkSink(context, sink);
      },
      [SyntaxKind.ReturnStatement](r: ts.ReturnStatement) {
        for (const sink of getReturnSinks(r)) checkSink(context, sink);
      },
      [SyntaxKind.ArrowFunction](fn: ts.ArrowFunction) {
        for (const sink of getReturnSinks(fn)) checkSink(context, sink);
      },
    };
  },
  finish(context) {
    reportCallers(context, context.facts as ParamSinkFact[], 0);
  },
});

/** True when the error at `node` is turned into its string ("Name: message") right where it is read. */
function isStringConversion(node: ts.Node): boolean {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
  const parent = n.parent;
  if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'String' && parent.arguments[0] === n) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === n && parent.name.text === 'toString' && ts.isCallExpression(parent.parent)) return true;
  if (ts.isTemplateSpan(parent) && parent.expression === n) return true;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.PlusToken) {
    const other = parent.left === n ? parent.right : parent.left;
    return ts.isStringLiteralLike(other) || ts.isTemplateExpression(other);
  }
  return false;
}

/** Reports sit on the method name, the line a reader sees the call on. */
function reportNode(call: ts.CallExpression | ts.NewExpression): ts.Node {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) ? callee.name : call;
}

function calleeText(call: ts.CallExpression | ts.NewExpression): string {
  const text = call.expression.getText().replace(/\s*\n\s*/g, '');
  return text.length > 40 ? `…${text.slice(-38)}` : text;
}
