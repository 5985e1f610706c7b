/** Shapes of the per-library models: plain data that rules connect, never rule logic. */
import type { ts } from 'ts-morph';

/** An HTTP framework's request input: which handler parameter is the request, and which of its members carry client data. */
export interface RequestModel {
  framework: string;
  /** Parameter names that denote the request (or context) object. */
  paramNames: string[];
  /** Declared type names that denote it (`Request`, `FastifyRequest`). */
  paramTypes: string[];
  /** Member paths holding client input, as prefixes: `['query']` covers `req.query.id`. */
  inputs: string[][];
  /** Member paths of methods whose result is client input: `['get']` for `req.get('x')`, `['req', 'query']` for Hono. */
  inputMethods: string[][];
}

/** Parameter decorators that inject client input (NestJS `@Body()`). */
export interface DecoratorSourceModel {
  framework: string;
  packages: string[];
  decorators: string[];
}

/** A SQL library: which methods take SQL text, on any value created from the package. */
export interface SqlModel {
  library: string;
  /** Package names (as imported or required). */
  packages: string[];
  /** Method name → index of the SQL text argument. */
  textMethods: Record<string, number>;
  /** Calls that return a prepared statement whose methods take bound values, not SQL (`db.prepare(sql).get(id)`). */
  statementFactories?: string[];
  /** Methods that are sinks only when given a built string (query builders that also take objects or column names). */
  builtOnlyMethods?: Record<string, number>;
  /** Methods (on the package or its values) that escape a value for SQL. */
  escapeMethods?: string[];
  /** A call that is safe even though its text argument looks built (pg-format with only %L/%I). */
  isSafeCall?(call: ts.CallExpression): boolean;
  /** For a formatting function of the library: the arguments it inserts into the text unescaped (`%s`). */
  rawFormatArguments?(call: ts.CallExpression): ts.Expression[] | undefined;
  /** Extra sink arguments for special forms (pg-promise `:raw` placeholders filled from values). */
  extraSinkArguments?(call: ts.CallExpression, method: string): ts.Expression[];
  /** Parameterised fix, for messages and help. */
  fix: string;
}
