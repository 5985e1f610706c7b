/**
 * SQL injection: client input reaches the SQL text of a raw-query API (pg, mysql, knex, Sequelize, TypeORM, Prisma, …)
 * instead of travelling as a bound parameter.
 */
import { ts } from 'ts-morph';
import { defineRule } from '../src/rule.js';
import { isTestPath } from '../src/analysis/secrets/test-paths.js';
import type { ProjectIndex } from '../src/analysis/project.js';
import { traceTaint, type TaintOrigin, type TaintSpec } from '../src/analysis/taint.js';
import { getRequestSource } from '../src/analysis/sources.js';
import { getClientParameterSource, getTrpcInputSource } from '../src/analysis/client-parameters.js';
import { describeParameterName, getValueOrigins, withPackageBases, type ValueOrigin } from '../src/analysis/values.js';
import { getStringSkeleton } from '../src/analysis/constant.js';
import { shortText } from '../src/analysis/hashCalls.js';
import { callNameNode, isFragmentParameter, makeParamFact, propagateToCallers, toFlowSteps, type CallerHit, type ParamSinkFact } from '../src/analysis/summaries.js';
import { sqlModels, getSqlModel, GENERIC_QUERY_METHODS, UNSAFE_BY_NAME } from '../src/models/sql.js';
import type { SqlModel } from '../src/models/types.js';
import type { Location } from '../src/types.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** Parameter names of SQL identifiers (columns, tables, JSON keys, sort orders), not values. */
const IDENTIFIER_PARAM = /(?:column|table|field|identifier|schema|key|alias|order|sort|direction)(?:name|ref)?s?$/i;

/** Client input, stopped by numeric conversion, typed numbers, allow-lists and the SQL libraries' escaping functions. */
const sqlTaint: TaintSpec = {
  id: 'sql-injection',
  textListsOnly: true,
  getSource: (expr, _project, memberPath) => getRequestSource(expr, memberPath) ?? getTrpcInputSource(expr, memberPath),
  getParameterSource: (param, _project, path) => getClientParameterSource(param, path),
  isSanitizer: (call, project) => isSqlEscape(call, project),
  propagate: (call, project) => getRawFormatArguments(call, project),
};

/** `format('… %s …', value)` of pg-format: the values inserted without escaping carry their taint into the text. */
function getRawFormatArguments(call: ts.CallExpression, project: ProjectIndex): ts.Expression[] | undefined {
  for (const o of getValueOrigins(call.expression, project)) {
    if (o.kind !== 'module') continue;
    const raw = getSqlModel(o.module)?.rawFormatArguments?.(call);
    if (raw) return raw;
  }
  return undefined;
}

/** Every method name some SQL model treats as taking text: a cheap filter before any analysis. */
const CANDIDATE_METHODS = new Set<string>([
  ...Object.keys(GENERIC_QUERY_METHODS),
  ...sqlModels.flatMap((m) => [...Object.keys(m.textMethods), ...Object.keys(m.builtOnlyMethods ?? {})]),
]);

/** Text that reads as a SQL statement or clause. */
const SQL_TEXT = /^\s*\(?\s*(select\s[\s\S]*\sfrom\s|insert\s+into\s|update\s+\S+\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\(|merge\s+into\s|replace\s+into\s|create\s+(table|index|view)\s|drop\s+(table|index|view)\s|alter\s+table\s|truncate\s|call\s|exec\s|set\s+(?:search_path|schema|session|local|role|names|time\s+zone|statement_timeout)\b|(?:create|drop)\s+(?:schema|database|user|role)\s|grant\s[\s\S]*\s(?:on|to)\s|revoke\s[\s\S]*\s(?:on|from)\s)/i;

interface Sink {
  /** The call that runs the SQL. */
  call: ts.CallExpression;
  /** The argument holding SQL text (or raw values). */
  argument: ts.Expression;
  /** `pool.query` */
  label: string;
  /** Only built strings are dangerous (query builders that also take column names or objects). */
  builtOnly: boolean;
  model?: SqlModel;
}

function isSqlEscape(call: ts.CallExpression, project: ProjectIndex): boolean {
  for (const o of getValueOrigins(call.expression, project)) {
    if (o.kind !== 'module') continue;
    const pkg = o.module === 'sqlstring' ? 'mysql' : o.module;
    const model = getSqlModel(pkg);
    const member = o.path[o.path.length - 1];
    if (model?.escapeMethods?.includes(member)) return true;
    if (model?.isSafeCall?.(call)) return true;
  }
  return false;
}

function methodName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return undefined;
}

/** The SQL sinks of a call: by the library its receiver comes from, or by name when the text reads as SQL. */
function getSinks(call: ts.CallExpression, project: ProjectIndex): Sink[] {
  const method = methodName(call);
  if (!method || !CANDIDATE_METHODS.has(method)) return [];
  const callee = call.expression;
  const label = shortText(callee);
  const origins = withPackageBases(getValueOrigins(ts.isPropertyAccessExpression(callee) ? callee.expression : callee, project), project);
  const sinks: Sink[] = [];
  for (const model of modelsOf(origins)) {
    const text = model.textMethods[method];
    const built = model.builtOnlyMethods?.[method];
    const index = text ?? built;
    const argument = index === undefined ? undefined : getSqlText(call.arguments[index]);
    if (argument) sinks.push({ call, argument, label, builtOnly: text === undefined, model });
    for (const extra of model.extraSinkArguments?.(call, method) ?? []) sinks.push({ call, argument: extra, label, builtOnly: false, model });
  }
  if (sinks.length || origins.some((o) => o.kind !== 'module')) return sinks;
  // a receiver of unknown origin (an untyped parameter, a global): only when the text itself reads as SQL
  const index = GENERIC_QUERY_METHODS[method];
  const arg = index === undefined ? undefined : getSqlText(call.arguments[index]);
  if (arg && (UNSAFE_BY_NAME.has(method) || SQL_TEXT.test(getStringSkeleton(arg)))) sinks.push({ call, argument: arg, label, builtOnly: false });
  return sinks;
}

/** SQL models of the packages a receiver comes from; a prepared statement's methods take values, not SQL. */
function modelsOf(origins: ValueOrigin[]): SqlModel[] {
  const out: SqlModel[] = [];
  for (const o of origins) {
    if (o.kind !== 'module') continue;
    const model = getSqlModel(o.module);
    if (!model || out.includes(model)) continue;
    if (model.statementFactories?.some((f) => o.path.includes(f))) continue;
    out.push(model);
  }
  return out;
}

/** The SQL text of a query argument: the string itself, or the `text`/`sql` field of a query config object. */
function getSqlText(arg: ts.Expression | undefined): ts.Expression | undefined {
  if (!arg) return undefined;
  let e = arg;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (!ts.isObjectLiteralExpression(e)) return arg;
  for (const p of e.properties) {
    const key = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
    if (key !== 'text' && key !== 'sql' && key !== 'query') continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
  }
  return undefined;
}

/** True when the origin is dangerous at this sink: any client text for raw-query APIs, built strings for builders. */
function isDangerous(origin: TaintOrigin, sink: Sink): boolean {
  return !sink.builtOnly || origin.built;
}

function fixFor(sink: { model?: SqlModel } | undefined): string {
  return sink?.model?.fix ?? "pool.query('SELECT * FROM users WHERE id = $1', [id])";
}

export default defineRule({
  id: 'sql-injection',
  meta: {
    name: 'SQL injection',
    description: 'Client input in SQL text lets an attacker read or change any data in the database.',
    fullDescription:
      'SQL built by concatenation, template literals or string helpers from request data and run through a raw-query API lets the client change the statement. Pass input as bound parameters (placeholders plus a values array, or a tagged template the library parameterises).',
    help: [
      '## SQL injection',
      '',
      'Building SQL text from request data lets the client rewrite the statement: `1 OR 1=1` reads every row, `; DROP TABLE` destroys data.',
      '',
      '### Vulnerable',
      '```ts',
      "app.get('/users', async (req, res) => {",
      '  const rows = await pool.query(`SELECT * FROM users WHERE name = \'${req.query.name}\'`);',
      '  res.json(rows.rows);',
      '});',
      '```',
      '',
      '### Fixed',
      '```ts',
      "const rows = await pool.query('SELECT * FROM users WHERE name = $1', [req.query.name]);",
      '```',
      '',
      'Per library: mysql/mysql2 `?` placeholders; knex `whereRaw(\'name = ?\', [name])`; Sequelize `replacements`/`bind`; TypeORM `where(\'u.name = :name\', { name })`; Prisma tagged `$queryRaw`; mssql `request.input()`; postgres/drizzle/kysely tagged `sql`. Identifiers (table or column names) cannot be bound: check them against an allow-list.',
      '',
      'References: [OWASP SQL Injection Prevention Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html), [CWE-89](https://cwe.mitre.org/data/definitions/89.html).',
    ].join('\n'),
    cwe: ['CWE-89'],
    severity: 'error',
    securitySeverity: 9.8,
    precision: 'high',
    tags: ['security', 'injection', 'sql'],
  },
  messages: {
    built: 'SQL built from `{{source}}`{{more}} reaches `{{sink}}`.',
    direct: '`{{source}}`{{more}} is run as SQL text by `{{sink}}`.',
    throughWrapper: 'SQL built from `{{source}}`{{more}} reaches `{{sink}}` through `{{wrapper}}`.',
    fromCaller: 'SQL built from `{{source}}`{{more}}, passed to `{{wrapper}}`, reaches `{{sink}}`.',
    publicApi: 'Parameter `{{param}}` of exported `{{wrapper}}` is concatenated into SQL text run by `{{sink}}`; callers outside this project can inject SQL.',
    fix: 'Pass the value as a bound parameter: `{{example}}`.',
  },
  create(context) {
    // test code builds SQL from fixtures and from the arguments of whoever runs it: no attacker's input
    if (isTestPath(context.file)) return {};
    const project = context.project;
    return {
      [SyntaxKind.CallExpression](call: ts.CallExpression) {
        const sources: TaintOrigin[] = [];
        let firstSink: Sink | undefined;
        for (const sink of getSinks(call, project)) {
          for (const origin of traceTaint(sink.argument, sqlTaint, project)) {
            if (!isDangerous(origin, sink)) continue;
            if (origin.kind === 'source') {
              sources.push(origin);
              firstSink ??= sink;
              continue;
            }
            const fact = makeParamFact(context, origin, sink.label, reportNode(call), { example: fixFor(sink), builtOnly: String(sink.builtOnly) });
            // a query builder's clause (`orderBy(sort)`) takes a fragment, never a whole statement: the function
            // that hands it a parameter decides what is SQL there, as one that builds text does
            if (fact && (sink.builtOnly || isFragmentSink(call)) && !isFragmentParameter(origin)) fact.builtAt ??= fact.sinkLocation;
            if (fact) context.emit(fact);
          }
        }
        if (!firstSink) return;
        // one finding per sink: the first source names it, the others are counted
        const [origin] = sources;
        context.report({
          node: reportNode(call),
          messageId: origin.built ? 'built' : 'direct',
          data: { ...describeSources(sources), sink: firstSink.label, example: fixFor(firstSink) },
          fix: 'fix',
          steps: [...toFlowSteps(context, origin.steps), { location: context.locationOf(call), label: `reaches \`${firstSink.label}\`` }],
        });
      },
    };
  },
  finish(context) {
    // one finding per place to fix: where the SQL text was built from the input (a service's query, for all its
    // callers), or the call that hands the input to a wrapper
    const hits = new Map<string, CallerHit[]>();
    propagateToCallers(context, context.facts as ParamSinkFact[], sqlTaint, {
      onSource(hit) {
        if (hit.fact.data?.builtOnly === 'true' && !hit.origin.built) return;
        if (isTestPath(context.locationOf(hit.call).file)) return;
        const key = hit.fact.builtAt ? locationKey(hit.fact.builtAt) : locationKey(context.locationOf(reportNode(hit.call)));
        hits.set(key, [...(hits.get(key) ?? []), hit]);
      },
      onUncalled(fn, fact) {
        if (!fact.built) return;
        const declared = fn.parameters[fact.index];
        const param = declared ? describeParameterName(declared.name) : `#${fact.index}`;
        // with no caller in sight, only a parameter that carries a value counts: schema names (`columnName`, a
        // `field` object, `{ table }`) are put into SQL text on purpose, since identifiers cannot be bound
        const names = [...(declared && ts.isIdentifier(declared.name) ? [declared.name.text] : []), ...(fact.path?.slice(-1) ?? [])];
        if (names.some((name) => IDENTIFIER_PARAM.test(name))) return;
        context.report({
          file: fact.sinkLocation.file,
          location: fact.sinkLocation,
          messageId: 'publicApi',
          data: { param, wrapper: calleeName(fn), sink: fact.sink, example: fact.data?.example ?? '' },
          fix: 'fix',
          precision: 'medium',
          steps: fact.steps,
        });
      },
    });
    for (const list of hits.values()) {
      const [first] = list;
      const atCall = context.locationOf(reportNode(first.call));
      const location = first.fact.builtAt ?? atCall;
      context.report({
        file: location.file,
        location,
        messageId: locationKey(location) === locationKey(atCall) ? 'throughWrapper' : 'fromCaller',
        data: { ...describeSources(list.map((h) => h.origin)), sink: first.fact.sink, wrapper: calleeText(first.call), example: first.fact.data?.example ?? '' },
        fix: 'fix',
        steps: first.steps,
      });
    }
  },
});

/** The first source's label, and ` (and 2 more inputs)` when several reach the same sink. */
function describeSources(origins: TaintOrigin[]): { source: string; more: string } {
  const labels = [...new Set(origins.map((o) => o.label))];
  const more = labels.length > 1 ? ` (and ${labels.length - 1} more input${labels.length > 2 ? 's' : ''})` : '';
  return { source: labels[0], more };
}

/** Methods that take a fragment of a statement (a clause, a column), never a whole one: `orderBy`, `whereRaw`, `sequelize.literal`. */
const FRAGMENT_METHOD = /^(?:orderBy|addOrderBy|groupBy|addGroupBy|literal|\w+Raw)$/;

function isFragmentSink(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  // `Prisma.raw(x)`, drizzle's and kysely's `sql.raw(x)`: a piece spliced into a tagged query
  if (callee.name.text === 'raw') return ts.isIdentifier(callee.expression) && (callee.expression.text === 'Prisma' || callee.expression.text === 'sql');
  return FRAGMENT_METHOD.test(callee.name.text);
}

/** Reports sit on the method name, the line a reader sees the call on. */
const reportNode = callNameNode;

function locationKey(l: Location): string {
  return `${l.file}:${l.startLine}:${l.startColumn}:${l.endLine}:${l.endColumn}`;
}

function calleeText(call: ts.CallExpression | ts.NewExpression): string {
  return shortText(call.expression);
}

function calleeName(fn: ts.SignatureDeclaration): string {
  if (fn.name) return fn.name.getText();
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (ts.isConstructorDeclaration(fn) && ts.isClassLike(fn.parent) && fn.parent.name) return `new ${fn.parent.name.text}`;
  return 'function';
}
