/** A test-only rule: every call `danger(x)` is a finding, with a flow from `x`'s declaration when it has one. */
import { ts } from 'ts-morph';
import { defineRule } from '../../src/rule.js';
import type { FlowStep, RuleContext } from '../../src/types.js';

export const TEST_RULE_ID = 'test-danger';

/** Finds `const name = ...` at the top level of the file. */
function findDeclaration(sf: ts.SourceFile, name: string): ts.VariableDeclaration | undefined {
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const found = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (found) return found;
  }
  return undefined;
}

function getSteps(context: RuleContext, call: ts.CallExpression): FlowStep[] | undefined {
  const arg = call.arguments[0];
  if (!arg || !ts.isIdentifier(arg)) return undefined;
  const declaration = findDeclaration(context.sourceFile, arg.text);
  if (!declaration?.initializer) return undefined;
  return [
    { location: context.locationOf(declaration.initializer), label: `source ${arg.text}` },
    { location: context.locationOf(call), label: 'danger()' },
  ];
}

export const testRule = defineRule({
  id: TEST_RULE_ID,
  meta: {
    name: 'Dangerous test call',
    description: 'A call to danger() lets test input reach a test sink.',
    fullDescription: 'Test-only rule: every call to a function named danger is reported, with the flow from its argument when it is a local constant.',
    help: '## Dangerous test call\n\nCall `safe()` instead of `danger()`.',
    cwe: ['CWE-89'],
    severity: 'error',
    securitySeverity: 8.8,
    precision: 'high',
    tags: ['test'],
  },
  messages: {
    call: '`{{arg}}` reaches `danger()`.',
    useSafe: 'Call `safe({{arg}})` instead.',
  },
  create(context) {
    return {
      [ts.SyntaxKind.CallExpression]: (node: ts.CallExpression) => {
        if (!ts.isIdentifier(node.expression) || node.expression.text !== 'danger') return;
        const arg = node.arguments[0]?.getText(context.sourceFile) ?? '';
        const steps = getSteps(context, node);
        const related = steps ? [{ location: steps[0].location, label: 'the source' }] : undefined;
        context.report({ node, messageId: 'call', fix: 'useSafe', data: { arg }, steps, related });
      },
    };
  },
});
