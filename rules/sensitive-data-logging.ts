/**
 * Sensitive data in logs: a credential (password, token, API key, session id, card data) or personal data (email, phone,
 * date of birth, address) written by a logger, directly, inside an object that carries it, or through a logging wrapper.
 */
import { ts } from 'ts-morph';
import { defineRule } from '../src/rule.js';
import type { ProjectIndex } from '../src/analysis/project.js';
import type { TaintOrigin } from '../src/analysis/taint.js';
import type { FlowStep, RuleContext, Severity } from '../src/types.js';
import { getValueOrigins, type ValueOrigin } from '../src/analysis/values.js';
import { resolveIdentifier } from '../src/analysis/scope.js';
import { makeParamFact, propagateToCallers, toFlowSteps, type ParamSinkFact } from '../src/analysis/summaries.js';
import { getLoggedValues, makeSensitiveSpec, shortText, CLEAN_SOURCE, type LoggedLeak } from '../src/analysis/sensitive-values.js';
import { getLoggerModels, GENERIC_LOG_METHODS, LOG_METHODS, LOGGER_NAME, type LoggerModel } from '../src/models/loggers.js';
import { getRedactedPaths, isRedacted } from '../src/analysis/log-redaction.js';

const RULE_ID = 'sensitive-data-logging';
const sensitiveSpec = makeSensitiveSpec(RULE_ID);

interface LogSink {
  call: ts.CallExpression;
  /** `logger.info`, `console.log`, `log` */
  label: string;
  /** Key paths the logger redacts (pino `redact`, serializers). */
  redacted: string[][];
}

/** A log call: a method of a modelled logger, a logging function (`debug('app')`), or `logger.info` on a receiver of unknown origin. */
function getLogSink(call: ts.CallExpression, project: ProjectIndex): LogSink | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (!LOG_METHODS.has(method) && !GENERIC_LOG_METHODS.has(method)) return undefined;
    const receiver = callee.expression;
    const origins = getLoggerOrigins(receiver, project);
    for (const o of origins) {
      if (o.kind !== 'module') continue;
      const model = getLoggerModels(o.module).find((m) => m.methods.includes(method) && matchesPath(m, o.path, m.loggers));
      if (model) return { call, label: shortText(callee), redacted: getRedactedPaths(receiver, model, project) };
    }
    const member = getMemberLoggerModel(receiver);
    if (member?.methods.includes(method)) return { call, label: shortText(callee), redacted: [] };
    // this.logger.info(…), log.warn(…) on a logger whose library the scan cannot see
    if (!origins.length && GENERIC_LOG_METHODS.has(method) && LOGGER_NAME.test(getReceiverName(receiver) ?? '')) return { call, label: shortText(callee), redacted: [] };
    return undefined;
  }
  if (ts.isIdentifier(callee)) {
    // logging functions come from `debug` and `util.debuglog`: a name or a file that says so
    if (!LOG_FUNCTION_NAME.test(callee.text) && !mentionsLogFunctions(callee.getSourceFile())) return undefined;
    const binding = resolveIdentifier(callee);
    if (!binding || !['const', 'let', 'var', 'import'].includes(binding.kind)) return undefined;
  } else if (!ts.isCallExpression(callee)) return undefined;
  for (const o of getValueOrigins(callee, project)) {
    if (o.kind !== 'module') continue;
    if (getLoggerModels(o.module).some((m) => m.logFunctions && matchesPath(m, o.path, m.logFunctions))) return { call, label: shortText(callee), redacted: [] };
  }
  return undefined;
}

/** Names a logging function usually gets: `log`, `debug`, `dbg`, `trace`, `debugDb`. */
const LOG_FUNCTION_NAME = /^(log|debug|dbg|trace)|(Log|Debug|Trace)$/;
const mentionCache = new WeakMap<ts.SourceFile, boolean>();

/** True when a file mentions the packages that make logging functions. */
function mentionsLogFunctions(sf: ts.SourceFile): boolean {
  let hit = mentionCache.get(sf);
  if (hit === undefined) mentionCache.set(sf, (hit = /\bdebug(log)?\b/.test(sf.text)));
  return hit;
}

/** Origins of a receiver, with the `console` and `process` globals as pseudo-packages. */
function getLoggerOrigins(receiver: ts.Expression, project: ProjectIndex): ValueOrigin[] {
  const members: string[] = [];
  let e = receiver;
  while (ts.isPropertyAccessExpression(e)) {
    members.unshift(e.name.text);
    e = e.expression;
  }
  if (ts.isIdentifier(e) && (e.text === 'console' || e.text === 'process') && !resolveIdentifier(e)) return [{ kind: 'module', module: e.text, path: members }];
  return getValueOrigins(receiver, project);
}

/** True when `path` is one of `patterns`, after dropping trailing derived-logger calls (`.child(…)`, `.extend(…)`). */
function matchesPath(model: LoggerModel, path: string[], patterns: string[][]): boolean {
  let p = path;
  while (p.length >= 2 && p[p.length - 1] === '()' && model.childMethods?.includes(p[p.length - 2])) p = p.slice(0, -2);
  return patterns.some((pattern) => pattern.length === p.length && pattern.every((s, i) => s === p[i]));
}

/** `req.log`, `request.log`, `fastify.log` on a request or server parameter. */
function getMemberLoggerModel(receiver: ts.Expression): LoggerModel | undefined {
  if (!ts.isPropertyAccessExpression(receiver) || !ts.isIdentifier(receiver.expression)) return undefined;
  const binding = resolveIdentifier(receiver.expression);
  if (!binding || binding.kind !== 'param') return undefined;
  const param = binding.declaration as ts.ParameterDeclaration;
  const typeName = param.type && ts.isTypeReferenceNode(param.type) ? param.type.typeName.getText().split('.').pop() : undefined;
  return getLoggerModels('pino').concat(getLoggerModels('fastify')).find((m) => {
    const ml = m.memberLoggers;
    return ml && ml.member === receiver.name.text && (ml.owners.includes(binding.name) || (typeName !== undefined && ml.ownerTypes.includes(typeName)));
  });
}

function getReceiverName(receiver: ts.Expression): string | undefined {
  if (ts.isIdentifier(receiver)) return receiver.text;
  if (ts.isPropertyAccessExpression(receiver)) return receiver.name.text;
  return undefined;
}

/** Credentials before personal data; the first found otherwise. */
function pickWorst(leaks: LoggedLeak[]): LoggedLeak | undefined {
  return leaks.find((l) => l.leak.name.level === 'credential') ?? leaks[0];
}

/** How the logged datum reads: "`user.apiKey`", "`req.body` (has `password`)", "`pass: p`". */
function describeLogged(logged: LoggedLeak): string {
  const { leak, holder } = logged;
  if (leak.path.length) return `\`${shortText(holder)}\` (has \`${leak.path.join('.')}\`)`;
  if (leak.as) return `\`${leak.as}: ${leak.label}\``;
  return `\`${leak.label}\``;
}

function getFixData(logged: LoggedLeak): { fix: string; data: Record<string, string> } {
  const { leak, holder } = logged;
  if (leak.path.length) return { fix: 'fixObject', data: { field: leak.path.join('.'), holder: shortText(holder) } };
  return { fix: leak.name.level === 'credential' ? 'fixCredential' : 'fixPersonal', data: { value: leak.as ?? leak.label } };
}

function severityOf(logged: LoggedLeak): Severity {
  return logged.leak.name.level === 'credential' ? 'error' : 'warning';
}

/** Leaks that count under the options and the logger's redaction (`fullPrefix` is the key path of the wrapper's parameter in the logged object). */
function filterLeaks(leaks: LoggedLeak[], options: Record<string, unknown>, redacted: string[][], fullPrefix: string[] | undefined): LoggedLeak[] {
  return leaks.filter((l) => {
    if (l.leak.name.level === 'personal' && options.personalData === false) return false;
    if (!redacted.length || !l.keyPath || !fullPrefix) return true;
    return !isRedacted(redacted, [...fullPrefix, ...l.keyPath, ...l.leak.path]);
  });
}

function reportNode(call: ts.CallExpression): ts.Node {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) ? callee.name : call;
}

function checkSink(context: RuleContext, sink: LogSink): void {
  const project = context.project;
  const found: LoggedLeak[] = [];
  for (const arg of sink.call.arguments) {
    const logged = getLoggedValues(arg, project);
    found.push(...filterLeaks(logged.leaks, context.options, sink.redacted, []));
    for (const p of logged.params) {
      const origin: TaintOrigin = { kind: 'param', label: p.param.param.name.getText(), node: p.param.param, fn: p.param.fn, paramIndex: p.param.index, steps: p.param.steps, built: false };
      const fact = makeParamFact(context, origin, sink.label, reportNode(sink.call), {
        omit: p.param.omit.join(','),
        only: p.param.only?.join(',') ?? '*',
        keyPath: p.keyPath ? JSON.stringify(p.keyPath) : '',
        redacted: JSON.stringify(sink.redacted),
      });
      if (fact) context.emit(fact);
    }
  }
  const worst = pickWorst(found);
  if (!worst) return;
  const { fix, data } = getFixData(worst);
  const travelled = worst.leak.steps.length > 1;
  const steps: FlowStep[] | undefined = travelled ? [...toFlowSteps(context, worst.leak.steps), { location: context.locationOf(sink.call), label: `logged by \`${sink.label}\`` }] : undefined;
  context.report({ node: reportNode(sink.call), messageId: 'logged', data: { what: describeLogged(worst), sink: sink.label, ...data }, fix, severity: severityOf(worst), steps });
}

export default defineRule({
  id: RULE_ID,
  meta: {
    name: 'Sensitive data in logs',
    description: 'Logging credentials or personal data lets anyone who reads the logs take over accounts or identify users.',
    fullDescription:
      'Passwords, tokens, API keys, session ids, authorization and cookie headers, card numbers and personal data (email, phone, date of birth, address) written to console, winston, pino, bunyan, NestJS Logger, debug, log4js or stdout end up in log files, log aggregators and support tickets, which are kept long and read widely. The rule follows values through variables, objects, templates, JSON.stringify and project logging wrappers, and knows which objects carry such fields: request bodies whose handler reads a password, request headers, and values whose declared type has a sensitive property. Redacted values (destructuring that drops the field, lodash omit/pick, redact/mask helpers, pino redact paths) are not reported.',
    help: [
      '## Sensitive data in logs',
      '',
      'Logs are copied to files, aggregators and tickets and are read by many people. A password, token or API key in a log line is a credential anyone with log access can use; personal data in logs is a privacy breach.',
      '',
      '### Vulnerable',
      '```ts',
      "app.post('/login', (req, res) => {",
      "  logger.info('login attempt', req.body); // req.body has password",
      '  const { email, password } = req.body;',
      '  // …',
      '});',
      '```',
      '',
      '### Fixed',
      '```ts',
      "app.post('/login', (req, res) => {",
      '  const { password, ...safe } = req.body;',
      "  logger.info('login attempt', { email: safe.email ? 'present' : 'missing' });",
      '  // …',
      '});',
      '```',
      '',
      'Log ids and flags rather than values (`userId`, `hasToken: Boolean(token)`), drop sensitive fields before logging an object, or configure the logger to redact them (pino `redact: [\'password\', \'req.headers.authorization\']`). Personal data is reported as a warning; set the option `personalData: false` to report credentials only.',
      '',
      'References: [OWASP Logging Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html), [CWE-532](https://cwe.mitre.org/data/definitions/532.html), [CWE-312](https://cwe.mitre.org/data/definitions/312.html).',
    ].join('\n'),
    cwe: ['CWE-532'],
    severity: 'error',
    securitySeverity: 7.5,
    precision: 'high',
    tags: ['security', 'logging', 'privacy', 'credentials'],
  },
  messages: {
    logged: '{{what}} is logged by `{{sink}}`.',
    loggedThroughWrapper: '{{what}} is logged by `{{sink}}` through `{{wrapper}}`.',
    fixCredential: 'Remove `{{value}}` from the log; log whether it is set, or a masked form, instead.',
    fixPersonal: 'Log an id instead of `{{value}}`, or a masked form.',
    fixObject: 'Log only the fields you need, or remove `{{field}}` from `{{holder}}` before logging it (rest destructuring, `omit`, or the logger\'s redaction).',
  },
  defaultOptions: { personalData: true },
  create(context) {
    const project = context.project;
    return {
      [ts.SyntaxKind.CallExpression](call: ts.CallExpression) {
        const sink = getLogSink(call, project);
        if (sink) checkSink(context, sink);
      },
    };
  },
  finish(context) {
    const project = context.project;
    const best = new Map<ts.CallExpression | ts.NewExpression, { logged: LoggedLeak; fact: ParamSinkFact; steps: FlowStep[] }>();
    propagateToCallers(context, context.facts as ParamSinkFact[], sensitiveSpec, {
      onSource({ origin, call, fact, steps }) {
        if (origin.sourceKind === CLEAN_SOURCE) return;
        const arg = (call.arguments ?? []).find((a) => a.pos <= origin.node.pos && origin.node.end <= a.end) ?? (origin.node as ts.Expression);
        const data = fact.data ?? {};
        const paramKeyPath = data.keyPath ? (JSON.parse(data.keyPath) as string[]) : undefined;
        const redacted = data.redacted ? (JSON.parse(data.redacted) as string[][]) : [];
        const omit = data.omit ? data.omit.split(',') : [];
        const only = data.only === '*' || data.only === undefined ? undefined : data.only.split(',').filter(Boolean);
        const leaks = filterLeaks(getLoggedValues(arg, project).leaks, context.options, redacted, paramKeyPath).filter((l) => {
          const top = [...(l.keyPath ?? []), ...l.leak.path][0];
          if (top === undefined) return true;
          return !omit.includes(top) && (!only || only.includes(top));
        });
        const worst = pickWorst(leaks);
        if (!worst) return;
        const previous = best.get(call);
        if (previous && (previous.logged.leak.name.level === 'credential' || worst.leak.name.level !== 'credential')) return;
        best.set(call, { logged: worst, fact, steps: [...toFlowSteps(context, worst.leak.steps), ...steps.slice(origin.steps.length)] });
      },
    });
    for (const [call, { logged, fact, steps }] of best) {
      const location = context.locationOf(ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call);
      const { fix, data } = getFixData(logged);
      context.report({
        file: location.file,
        location,
        messageId: 'loggedThroughWrapper',
        data: { what: describeLogged(logged), sink: fact.sink, wrapper: shortText(call.expression), ...data },
        fix,
        severity: severityOf(logged),
        steps,
      });
    }
  },
});
