/** Suppression comments that suppress nothing: no rule id, an unknown rule id, or no reason. Checked by the engine. */
import { defineRule } from '../src/rule.js';

export default defineRule({
  id: 'invalid-suppression',
  meta: {
    name: 'Invalid suppression comment',
    description: 'A tsaudit-ignore comment without a known rule id or a reason suppresses nothing.',
    fullDescription:
      'Suppression comments must name the rule they silence and say why the code is safe, so that reviewers can audit them. A comment that lacks either is ignored and reported.',
    help: [
      '## Invalid suppression comment',
      '',
      'Write the rule id and a reason after `--`:',
      '',
      '```ts',
      '// tsaudit-ignore-next-line sql-injection -- table name comes from a fixed allow-list',
      "await pool.query(`SELECT * FROM ${table}`);",
      '```',
    ].join('\n'),
    cwe: ['CWE-710'],
    severity: 'note',
    securitySeverity: 0.1,
    precision: 'very-high',
    tags: ['maintainability'],
  },
  messages: {},
});
