/**
 * Parameter-to-sink summaries across files: when a function passes its parameter into a sink, its callers are checked
 * instead (a query wrapper is not a finding; `query('…' + req.query.id)` anywhere in the project is).
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import type { FlowStep, Location, ProjectContext } from '../types.js';
import { traceTaintAlongPath, argumentsFor, type TaintOrigin, type TaintSpec, type Step } from './taint.js';
import { getCallIndex } from './callIndex.js';
import { isFunctionNode, describeFunction, isExported, type FunctionNode } from './values.js';

/** "Parameter `index` of the function at `fnPos` in `file` reaches `sink`." Structured-cloneable. */
export interface ParamSinkFact {
  file: string;
  fnPos: number;
  index: number;
  /** How the sink reads in a message: `pool.query`. */
  sink: string;
  /** The value went through string building on the way. */
  built: boolean;
  /** From the parameter to the sink. */
  steps: FlowStep[];
  sinkLocation: Location;
  /** Rule-specific data carried to the report. */
  data?: Record<string, string>;
  /** 0 for the function that holds the sink; +1 per caller level. */
  depth?: number;
  /** The member of the parameter that reaches the sink (`options.sort` → ['sort']); callers' arguments are followed along it. */
  path?: string[];
  /**
   * The outermost place seen so far that built the value into a string on its way to the sink: the sink itself when
   * the function holding it builds the text from its parameter, or the call made by a caller level that built it. A
   * finding belongs there (the code to fix); undefined while the value is only passed along (a wrapper).
   */
  builtAt?: Location;
}

export interface CallerHit {
  origin: TaintOrigin;
  call: ts.CallExpression | ts.NewExpression;
  fact: ParamSinkFact;
  steps: FlowStep[];
}

export interface PropagationHandlers {
  /** A source reached a wrapper through `call`. */
  onSource(hit: CallerHit): void;
  /** An exported wrapper with no caller in the project. */
  onUncalled?(fn: FunctionNode, fact: ParamSinkFact): void;
}

/** Builds the fact for a parameter origin found at a sink. */
export function makeParamFact(context: { locationOf(node: ts.Node): Location; file: string }, origin: TaintOrigin, sink: string, sinkNode: ts.Node, data?: Record<string, string>): ParamSinkFact | undefined {
  if (origin.kind !== 'param' || !origin.fn || origin.paramIndex === undefined) return undefined;
  const sinkLocation = context.locationOf(sinkNode);
  return {
    file: context.locationOf(origin.fn).file,
    fnPos: origin.fn.getStart(),
    index: origin.paramIndex,
    sink,
    built: origin.built,
    steps: [...toFlowSteps(context, origin.steps), { location: sinkLocation, label: `reaches \`${sink}\`` }],
    sinkLocation,
    data,
    ...(origin.path?.length ? { path: origin.path } : {}),
    ...(origin.built && !isFragmentParameter(origin) ? { builtAt: sinkLocation } : {}),
  };
}

/** Names of a parameter that holds a piece of code to build with (`where`, `sql`, `orderClause`), not a value. */
const FRAGMENT_NAME = /^(?:sql|query|where|clauses?|conditions?|fragment|expr|expression|statement|stmt|raw|predicate)$|(?:Sql|SQL|Query|Where|Clauses?|Conditions?|Fragment|Expression|Statement)$/;

/**
 * True for a parameter origin whose name says it takes a piece of code (`search(where)`, `run(sql)`): the function
 * builds with it by design, so its callers decide what goes in; one named as a value (`findByName(name)`) is the
 * function's to escape or bind.
 */
export function isFragmentParameter(origin: TaintOrigin): boolean {
  if (origin.kind !== 'param' || !origin.fn || origin.paramIndex === undefined) return false;
  const declared = origin.fn.parameters[origin.paramIndex];
  const name = origin.path?.length ? origin.path[origin.path.length - 1] : declared && ts.isIdentifier(declared.name) ? declared.name.text : undefined;
  return name !== undefined && FRAGMENT_NAME.test(name);
}

/** The node a report on a call sits on: the method name (the line a reader sees the call on), or the call. */
export function callNameNode(call: ts.CallExpression | ts.NewExpression): ts.Node {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) ? callee.name : call;
}

/** Converts traced steps to located steps. */
export function toFlowSteps(context: { locationOf(node: ts.Node): Location }, steps: Step[]): FlowStep[] {
  return steps.map((s) => ({ location: context.locationOf(s.node), label: s.label }));
}

/** Follows parameter facts to the callers, transitively, until sources are found. */
export function propagateToCallers(context: ProjectContext, facts: ParamSinkFact[], spec: TaintSpec, handlers: PropagationHandlers): void {
  const project = context.project;
  const callIndex = getCallIndex(project, context.files);
  const seen = new Set<string>();
  const queue = [...facts];
  // bounded: each (function, parameter, sink) is visited once; the budget guards against pathological call graphs
  let budget = 20_000;
  while (queue.length && budget-- > 0) {
    const fact = queue.shift()!;
    // facts of one parameter and sink differ by the member they read (`e.message`, `e.stack`) and the rule's data
    const key = `${fact.file}:${fact.fnPos}:${fact.index}:${fact.sink}:${fact.sinkLocation.startLine}:${fact.path?.join('.') ?? ''}:${fact.data ? JSON.stringify(fact.data) : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fn = findFunctionAt(context, fact.file, fact.fnPos);
    if (!fn) continue;
    const calls = callIndex.callersOf(fn);
    if (!calls.length) {
      if (!fact.depth && isExported(fn)) handlers.onUncalled?.(fn, fact);
      continue;
    }
    for (const call of calls) {
      for (const arg of argumentsFor(call, fn, fact.index)) {
        for (const origin of traceTaintAlongPath(arg, fact.path, spec, project)) {
          const into: FlowStep = { location: context.locationOf(arg), label: `passed to \`${describeFunction(fn)}\`` };
          const steps = [...toFlowSteps(context, origin.steps), into, ...fact.steps];
          // the outermost place that built the text counts: `search(\`WHERE a = '${input}'\`)` is the bug, not `search`'s own concatenation
          const builtAt = origin.built && !isFragmentParameter(origin) ? context.locationOf(callNameNode(call)) : fact.builtAt;
          const merged: ParamSinkFact = { ...fact, built: fact.built || origin.built, steps, builtAt };
          if (origin.kind === 'source') handlers.onSource({ origin: { ...origin, built: merged.built }, call, fact: merged, steps });
          else {
            const next = makeParamFact(context as never, origin, fact.sink, call, fact.data);
            if (next) queue.push({ ...next, depth: (fact.depth ?? 0) + 1, built: merged.built, steps: [...next.steps.slice(0, -1), into, ...fact.steps], sinkLocation: fact.sinkLocation, builtAt });
          }
        }
      }
    }
  }
}

/** The function starting at `pos` in a project file (facts name functions by file and position). */
export function findFunctionAt(context: ProjectContext, file: string, pos: number): FunctionNode | undefined {
  const sf = context.project.getSourceFile(path.join(context.project.root, file));
  if (!sf) return undefined;
  // many facts name the same function (one per sink and caller level): one search per function
  let byPos = functionsAt.get(sf);
  if (!byPos) functionsAt.set(sf, (byPos = new Map()));
  let hit = byPos.get(pos);
  if (hit === undefined) byPos.set(pos, (hit = searchFunctionAt(sf, pos) ?? null));
  return hit ?? undefined;
}

const functionsAt = new WeakMap<ts.SourceFile, Map<number, FunctionNode | null>>();

function searchFunctionAt(sf: ts.SourceFile, pos: number): FunctionNode | undefined {
  let found: FunctionNode | undefined;
  const visit = (node: ts.Node): void => {
    if (found || pos < node.pos || pos >= node.end) return;
    if (isFunctionNode(node) && node.getStart(sf) === pos) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

