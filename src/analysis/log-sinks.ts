/**
 * Log calls: methods of the modelled loggers (console, winston, pino, bunyan, NestJS, log4js, process streams), logging
 * functions (`debug('app')`, `util.debuglog`), `req.log`/`fastify.log`, and `logger.info` on a receiver of unknown origin.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { getValueOrigins, type ValueOrigin } from './values.js';
import { resolveIdentifier } from './scope.js';
import { shortText } from './sensitive-values.js';
import { getRedactedPaths } from './log-redaction.js';
import { getLoggerModels, GENERIC_LOG_METHODS, LOG_METHODS, LOGGER_NAME, type LoggerModel } from '../models/loggers.js';

export interface LogSink {
  call: ts.CallExpression;
  /** `logger.info`, `console.log`, `log` */
  label: string;
  /** Key paths the logger redacts (pino `redact`, serializers). */
  redacted: string[][];
}

/** A log call: a method of a modelled logger, a logging function (`debug('app')`), or `logger.info` on a receiver of unknown origin. */
export function getLogSink(call: ts.CallExpression, project: ProjectIndex): LogSink | undefined {
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
