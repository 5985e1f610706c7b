/**
 * Password flows into functions, decided at their callers: when a function passes its parameter (or a field of it,
 * `data.password`) to a sink, its callers anywhere in the project are checked, transitively and field by field (after
 * `propagateToCallers` in summaries.ts, which traces whole arguments).
 */
import path from 'node:path';
import { getCallIndex } from './callIndex.js';
import { ts } from 'ts-morph';
import type { FlowStep, Location, ProjectContext } from '../types.js';
import { resolveIdentifier } from './scope.js';
import { argumentsFor, type TaintOrigin } from './taint.js';
import { getAccessPath } from './sources.js';
import { describeFunction, describeParameterName, isExported, isFunctionNode, type FunctionNode } from './values.js';
import { callNameNode, findFunctionAt, toFlowSteps, type ParamSinkFact } from './summaries.js';
import { isDeferredOrigin, isPasswordOrigin, traceMemberPath, PARAM_MEMBER } from './passwords.js';

/** "Parameter `index` (field `path` of it) of the function at `fnPos` reaches a password sink." */
export interface PasswordFact extends ParamSinkFact {
  /** Field path inside the parameter (`['password']` for `data.password`); empty for the parameter itself. */
  path: string[];
  /** The parameter's name as written. */
  paramName: string;
  /** The call a finding sits on instead of the sink: into the innermost function that stores what it is given. */
  reportAt?: Location;
}

/** The fact for a deferred origin found at a sink (see `isDeferredOrigin`). */
export function makePasswordFact(
  context: { locationOf(node: ts.Node): Location },
  origin: TaintOrigin,
  sink: string,
  sinkNode: ts.Node,
  data?: Record<string, string>,
): PasswordFact | undefined {
  let param: ts.ParameterDeclaration | undefined;
  let members: string[] = [];
  if (origin.kind === 'param' && origin.node && ts.isParameter(origin.node)) {
    param = origin.node;
    // a destructured parameter (`{ name, password }`): the field its binding names
    members = origin.path ?? [];
  } else if (origin.sourceKind?.startsWith(PARAM_MEMBER)) {
    const root = getAccessPath(origin.node as ts.Expression)?.root;
    const decl = root ? resolveIdentifier(root)?.declaration : undefined;
    if (decl && ts.isParameter(decl)) param = decl;
    members = JSON.parse(origin.sourceKind.slice(PARAM_MEMBER.length)) as string[];
  }
  const fn = param?.parent;
  if (!param || !fn || !isFunctionNode(fn)) return undefined;
  const sinkLocation = context.locationOf(sinkNode);
  const steps: FlowStep[] = [...toFlowSteps(context, origin.steps), { location: sinkLocation, label: `reaches \`${sink}\`` }];
  return {
    file: context.locationOf(fn).file,
    fnPos: fn.getStart(),
    index: fn.parameters.indexOf(param),
    sink,
    built: origin.built,
    steps,
    sinkLocation,
    data,
    path: members,
    paramName: describeParameterName(param.name),
  };
}

export interface PasswordCallerHit {
  origin: TaintOrigin;
  call: ts.CallExpression | ts.NewExpression;
  fact: PasswordFact;
  /** From the source in the caller to the sink. */
  steps: FlowStep[];
}

/**
 * Follows password facts to the callers, transitively and field by field, until sources are found (after
 * `propagateToCallers` in summaries.ts, which traces whole arguments). A function without callers in the project is
 * handed to `onUncalled` when exported.
 */
/** Caller levels and field depths followed before giving up (bounds the work on recursive code). */
const MAX_FACTS = 5_000;
const MAX_PATH = 4;

export function propagatePasswordFacts(
  context: ProjectContext,
  facts: PasswordFact[],
  handlers: {
    onSource(hit: PasswordCallerHit): void;
    onUncalled?(fn: FunctionNode, fact: PasswordFact): void;
    /** True when the fact's function stores what it is given (other callers hand it hashes): its callers are the place to fix. */
    storesGivenValues?(fact: PasswordFact): boolean;
  },
): void {
  const project = context.project;
  const calls = getCallIndex(project, context.files);
  const seen = new Set<string>();
  const queue = [...facts];
  let budget = MAX_FACTS;
  while (queue.length && budget-- > 0) {
    const fact = queue.shift()!;
    // a recursive helper can extend the field path forever (`f(x) { f(x.next) }`): stop at a realistic depth
    if (fact.path.length > MAX_PATH) continue;
    const key = `${fact.file}:${fact.fnPos}:${fact.index}:${fact.path.join('.')}:${fact.sinkLocation.file}:${fact.sinkLocation.startLine}:${fact.sinkLocation.startColumn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fn = findFunctionAt(context, fact.file, fact.fnPos);
    if (!fn) continue;
    const callers = calls.callersOf(fn, { byName: true });
    if (!callers.length) {
      if (isExported(fn)) handlers.onUncalled?.(fn, fact);
      continue;
    }
    const givenValues = !fact.reportAt && handlers.storesGivenValues?.(fact) === true;
    for (const call of callers) {
      const reportAt = fact.reportAt ?? (givenValues ? context.locationOf(callNameNode(call)) : undefined);
      for (const arg of argumentsFor(call, fn, fact.index)) {
        const into: FlowStep = { location: context.locationOf(arg), label: `passed to \`${describeFunction(fn)}\`` };
        for (const origin of traceMemberPath(arg, fact.path, project)) {
          if (!isPasswordOrigin(origin)) continue;
          const steps = [...toFlowSteps(context, origin.steps), into, ...fact.steps];
          if (!isDeferredOrigin(origin)) {
            handlers.onSource({ origin, call, fact: { ...fact, steps, reportAt }, steps });
            continue;
          }
          const next = makePasswordFact(context, origin, fact.sink, call, fact.data);
          if (next) queue.push({ ...next, steps: [...next.steps.slice(0, -1), into, ...fact.steps], sinkLocation: fact.sinkLocation, sink: fact.sink, reportAt });
        }
      }
    }
  }
}



