/** A small binder: resolves an identifier to the declaration it names, without a type checker. */
import { ts } from 'ts-morph';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

export type BindingKind = 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'enum' | 'import' | 'catch';

export interface Binding {
  kind: BindingKind;
  name: string;
  /** The declaring identifier. */
  id: ts.Identifier;
  /** VariableDeclaration, ParameterDeclaration, FunctionDeclaration, ClassDeclaration, EnumDeclaration, ImportSpecifier/ImportClause/NamespaceImport/ImportEqualsDeclaration, CatchClause. */
  declaration: ts.Node;
  /** The node whose subtree is the binding's scope. */
  scope: ts.Node;
}

const scopeCache = new WeakMap<ts.Node, Map<string, Binding>>();

/** The binding an identifier refers to, or undefined for globals and unresolved names. */
export function resolveIdentifier(id: ts.Identifier): Binding | undefined {
  let hit = resolved.get(id);
  if (hit === undefined) resolved.set(id, (hit = lookUp(id) ?? null));
  return hit ?? undefined;
}

/** Identifier → its binding (null: a global or unresolved name); every rule resolves the same identifiers. */
const resolved = new WeakMap<ts.Identifier, Binding | null>();

function lookUp(id: ts.Identifier): Binding | undefined {
  const name = id.text;
  let node: ts.Node | undefined = id.parent;
  while (node) {
    if (isScope(node)) {
      const binding = getScopeBindings(node).get(name);
      if (binding) return binding;
    }
    node = node.parent;
  }
  return undefined;
}

/** The binding declared by an identifier in a declaration position (a parameter name, a variable name). */
export function getDeclaredBinding(nameNode: ts.Identifier): Binding | undefined {
  return resolveIdentifier(nameNode);
}

function isScope(node: ts.Node): boolean {
  return SCOPE_KINDS[node.kind] === true;
}

/** Nodes that open a scope, as a lookup table (the binder asks for every ancestor of every identifier it resolves). */
const SCOPE_KINDS: boolean[] = [];
for (const kind of [
  SyntaxKind.SourceFile, SyntaxKind.Block, SyntaxKind.ModuleBlock, SyntaxKind.CaseBlock, SyntaxKind.CatchClause, SyntaxKind.ForStatement,
  SyntaxKind.ForInStatement, SyntaxKind.ForOfStatement, SyntaxKind.FunctionDeclaration, SyntaxKind.FunctionExpression, SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration, SyntaxKind.Constructor, SyntaxKind.GetAccessor, SyntaxKind.SetAccessor, SyntaxKind.ClassExpression,
]) {
  SCOPE_KINDS[kind] = true;
}

/** Names declared directly in a scope node (memoized). */
export function getScopeBindings(scope: ts.Node): Map<string, Binding> {
  let map = scopeCache.get(scope);
  if (map) return map;
  map = new Map();
  const add = (kind: BindingKind, id: ts.Identifier, declaration: ts.Node) => {
    if (!map!.has(id.text)) map!.set(id.text, { kind, name: id.text, id, declaration, scope });
  };
  const addPattern = (kind: BindingKind, name: ts.BindingName, declaration: ts.Node) => {
    if (ts.isIdentifier(name)) add(kind, name, declaration);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addPattern(kind, el.name, declaration);
  };
  const addVariables = (list: ts.VariableDeclarationList) => {
    const kind: BindingKind = list.flags & ts.NodeFlags.Const ? 'const' : list.flags & ts.NodeFlags.Let ? 'let' : 'var';
    for (const d of list.declarations) addPattern(kind, d.name, d);
  };
  const addStatements = (statements: readonly ts.Node[]) => {
    for (const s of statements) {
      if (ts.isVariableStatement(s)) addVariables(s.declarationList);
      else if (ts.isFunctionDeclaration(s) && s.name) add('function', s.name, s);
      else if (ts.isClassDeclaration(s) && s.name) add('class', s.name, s);
      else if (ts.isEnumDeclaration(s)) add('enum', s.name, s);
      else if (ts.isImportDeclaration(s) && s.importClause) {
        const clause = s.importClause;
        if (clause.name) add('import', clause.name, clause);
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) add('import', nb.name, nb);
        else if (nb) for (const spec of nb.elements) add('import', spec.name, spec);
      } else if (ts.isImportEqualsDeclaration(s)) add('import', s.name, s);
      else if (ts.isExportDeclaration(s) || ts.isModuleDeclaration(s)) continue;
      else if (ts.isLabeledStatement(s)) addStatements([s.statement]);
    }
    // `var` declarations nested in blocks are hoisted to the function (or file): collect them there
    if (!declaresHoistedVars(scope)) return;
    for (const s of statements) collectNestedVars(s, (list) => {
      for (const d of list.declarations) addPattern('var', d.name, d);
    });
  };
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) addStatements(scope.statements);
  else if (ts.isCaseBlock(scope)) for (const clause of scope.clauses) addStatements(clause.statements);
  else if (ts.isCatchClause(scope)) {
    const decl = scope.variableDeclaration;
    if (decl) addPattern('catch', decl.name, scope);
  } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
    const init = scope.initializer;
    if (init && ts.isVariableDeclarationList(init)) addVariables(init);
  } else if (ts.isClassExpression(scope)) {
    if (scope.name) add('class', scope.name, scope);
  } else if (ts.isFunctionLike(scope)) {
    for (const p of scope.parameters) addPattern('param', p.name, p);
    if ((ts.isFunctionExpression(scope)) && scope.name) add('function', scope.name, scope);
  }
  scopeCache.set(scope, map);
  return map;
}

/** Function bodies, module blocks and files of a source that has a `var` at all (most TypeScript has none). */
function declaresHoistedVars(scope: ts.Node): boolean {
  const isVarScope = ts.isSourceFile(scope) || ts.isModuleBlock(scope) || (ts.isBlock(scope) && (ts.isFunctionLike(scope.parent) || ts.isClassStaticBlockDeclaration(scope.parent)));
  if (!isVarScope) return false;
  const sf = scope.getSourceFile();
  let has = fileHasVar.get(sf);
  if (has === undefined) fileHasVar.set(sf, (has = /\bvar\b/.test(sf.text)));
  return has;
}

const fileHasVar = new WeakMap<ts.SourceFile, boolean>();

function collectNestedVars(node: ts.Node, onList: (list: ts.VariableDeclarationList) => void): void {
  if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
  if (ts.isVariableStatement(node)) {
    if (!(node.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) onList(node.declarationList);
    return;
  }
  if ((ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    if (!(node.initializer.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) onList(node.initializer);
  }
  ts.forEachChild(node, (c) => collectNestedVars(c, onList));
}

/** The function (or source file) whose body declares a binding. */
export function getDeclaringFunction(node: ts.Node): ts.Node {
  let n: ts.Node | undefined = node.parent;
  while (n && !ts.isFunctionLike(n) && !ts.isSourceFile(n)) n = n.parent;
  return n ?? node.getSourceFile();
}

/** Every identifier reference to `binding` (not the declaring one), found by walking its scope once. */
const referencesCache = new WeakMap<ts.Identifier, ts.Identifier[]>();
export function getReferences(binding: Binding): ts.Identifier[] {
  const hit = referencesCache.get(binding.id);
  if (hit) return hit;
  const refs: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === binding.name && node !== binding.id) {
      const parent = node.parent;
      const isMemberName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node) || (ts.isMethodDeclaration(parent) && parent.name === node) || (ts.isPropertyDeclaration(parent) && parent.name === node);
      if (!isMemberName && resolveIdentifier(node)?.id === binding.id) refs.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(binding.scope);
  referencesCache.set(binding.id, refs);
  return refs;
}

const assignmentIndex = new WeakMap<ts.Node, Map<string, ts.BinaryExpression[]>>();

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind === SyntaxKind.EqualsToken || kind === SyntaxKind.PlusEqualsToken || kind === SyntaxKind.QuestionQuestionEqualsToken || kind === SyntaxKind.BarBarEqualsToken;
}

/** Assignments (`=`, `+=`, `??=`, `||=`) to a binding, in source order; one walk per scope serves every name in it. */
export function getAssignmentsTo(binding: Binding): ts.BinaryExpression[] {
  if (binding.kind === 'const' || binding.kind === 'import' || binding.kind === 'class' || binding.kind === 'enum') return [];
  let index = assignmentIndex.get(binding.scope);
  if (!index) {
    const map = new Map<string, ts.BinaryExpression[]>();
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && isAssignmentOperator(node.operatorToken.kind)) {
        let list = map.get(node.left.text);
        if (!list) map.set(node.left.text, (list = []));
        list.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(binding.scope);
    assignmentIndex.set(binding.scope, (index = map));
  }
  return (index.get(binding.name) ?? []).filter((a) => resolveIdentifier(a.left as ts.Identifier)?.id === binding.id);
}
