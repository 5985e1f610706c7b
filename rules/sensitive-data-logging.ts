/**
 * Sensitive data in logs: a credential (password, token, API key, session id, card data) or personal data (email, phone,
 * date of birth, address) written by a logger, directly, inside an object that carries it, or through a logging wrapper.
 */
import { ts } from 'ts-morph';
import { defineRule } from '../src/rule.js';
import { isTestPath } from '../src/analysis/secrets/test-paths.js';
import type { TaintOrigin } from '../src/analysis/taint.js';
import type { FlowStep, RuleContext, Severity } from '../src/types.js';
import { makeParamFact, propagateToCallers, toFlowSteps, type ParamSinkFact } from '../src/analysis/summaries.js';
import { describeParameterName } from '../src/analysis/values.js';
import { getLoggedValues, makeSensitiveSpec, shortText, CLEAN_SOURCE, type LoggedLeak } from '../src/analysis/sensitive-values.js';
import { isRedacted } from '../src/analysis/log-redaction.js';
import { getLogSink, type LogSink } from '../src/analysis/log-sinks.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

const RULE_ID = 'sensitive-data-logging';
const sensitiveSpec = makeSensitiveSpec(RULE_ID);

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
    if (l.leak.name.level === 'personal' && options.personalData !== true) return false;
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
      const origin: TaintOrigin = { kind: 'param', label: describeParameterName(p.param.param.name), node: p.param.param, fn: p.param.fn, paramIndex: p.param.index, steps: p.param.steps, built: false };
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
      'Log ids and flags rather than values (`userId`, `hasToken: Boolean(token)`), drop sensitive fields before logging an object, or configure the logger to redact them (pino `redact: [\'password\', \'req.headers.authorization\']`). Personal data (emails, phone numbers, postal addresses, birth dates) is not reported by default; set the option `personalData: true` to report it as warnings.',
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
  defaultOptions: { personalData: false },
  create(context) {
    // test code logs fixtures and answers test requests with raw errors on purpose: not a production exposure
    if (isTestPath(context.file)) return {};
    const project = context.project;
    return {
      [SyntaxKind.CallExpression](call: ts.CallExpression) {
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
      // a test passing fixtures to a logging helper, as for logging calls in test files
      if (isTestPath(location.file)) continue;
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
