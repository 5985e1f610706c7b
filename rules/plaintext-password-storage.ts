/**
 * Plaintext password storage: a password reaches a database write, a file, browser storage, a cookie or a cache
 * without a password-hashing function on the way.
 */
import { ts } from 'ts-morph';
import { defineRule } from '../src/rule.js';
import type { RuleContext } from '../src/types.js';
import { traceTaint, type TaintOrigin } from '../src/analysis/taint.js';
import { callNameNode, toFlowSteps } from '../src/analysis/summaries.js';
import { describeFunction } from '../src/analysis/values.js';
import { isDerivedSensitiveName, isPasswordName } from '../src/analysis/sensitive.js';
import { passwordTaint, traceMemberPath, isPasswordOrigin, isDeferredOrigin, describeOrigin, isThirdPartyCredential, isThirdPartyName, isBuiltIntoCredentialUrl } from '../src/analysis/passwords.js';
import { makePasswordFact, propagatePasswordFacts, type PasswordFact } from '../src/analysis/passwordFacts.js';
import { getStorageSinks, getTaggedSqlSink, isStorageMethodName, type StorageSink, type StoredValue } from '../src/analysis/storageSinks.js';
import type { StorageKind } from '../src/models/persistence.js';
import { isTestPath } from '../src/analysis/secrets/test-paths.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** Where a client-side write keeps the value, for the message. */
const CLIENT_PLACES: Partial<Record<StorageKind, string>> = { cookie: 'a cookie', browser: 'browser storage' };
const CLIENT_FIX = "res.cookie('session', sessionToken, { httpOnly: true, secure: true })";

function originsOf(value: StoredValue, context: RuleContext): TaintOrigin[] {
  const origins = value.members.length ? traceMemberPath(value.expr, value.members, context.project) : traceTaint(value.expr, passwordTaint, context.project);
  return origins
    .filter((o) => isPasswordOrigin(o) && !isServiceCredential(o))
    .map((o) => ({ ...o, steps: [...o.steps, ...value.steps] }));
}

/** A password for another system (`dbPassword`, or one written into `postgres://user:${pw}@host`): stored to be used, not to be checked. */
function isServiceCredential(origin: TaintOrigin): boolean {
  return isThirdPartyCredential(origin) || isBuiltIntoCredentialUrl(origin);
}

/** `document.cookie = \`pw=${password}\`` */
function getDocumentCookieSink(node: ts.BinaryExpression): StorageSink | undefined {
  if (node.operatorToken.kind !== SyntaxKind.EqualsToken || node.left.getText().replace(/^(window|globalThis)\./, '') !== 'document.cookie') return undefined;
  return { reportNode: node.left, label: 'document.cookie', kind: 'cookie', values: [{ expr: node.right, members: [], steps: [] }], fix: CLIENT_FIX };
}

function messageFor(kind: string): { messageId: string; fix: string } {
  return CLIENT_PLACES[kind as StorageKind] ? { messageId: 'clientSide', fix: 'keepOffClient' } : { messageId: 'stored', fix: 'hashFirst' };
}

export default defineRule({
  id: 'plaintext-password-storage',
  meta: {
    name: 'Plaintext password storage',
    description: 'A password stored without hashing lets anyone who reads the storage log in as its users.',
    fullDescription:
      'A password (a value read under a password name: `req.body.password`, `dto.newPassword`, a destructured `passwd`) reaches a database write (Sequelize, TypeORM, Prisma, Mongoose, MongoDB, knex, raw INSERT/UPDATE SQL), a file, browser storage, a cookie or a cache without passing through a password-hashing function (bcrypt, argon2, scrypt, PBKDF2, or a project helper that calls one). A leaked database, backup or log then exposes every password, which users reuse elsewhere. Store a slow, salted hash instead and compare with the library\'s verify function.',
    help: [
      '## Plaintext password storage',
      '',
      'Passwords must be stored only as the output of a slow, salted password-hashing function, so that a leaked database does not reveal them. Anything reversible (plain text, base64, encryption) or fast (MD5, SHA-*) is not enough; see `weak-password-hash` for the latter.',
      '',
      '### Vulnerable',
      '```ts',
      "app.post('/register', async (req, res) => {",
      '  const user = await User.create({ email: req.body.email, password: req.body.password });',
      '  res.status(201).json({ id: user.id });',
      '});',
      '```',
      '',
      '### Fixed',
      '```ts',
      'import bcrypt from \'bcrypt\';',
      '',
      "app.post('/register', async (req, res) => {",
      '  const passwordHash = await bcrypt.hash(req.body.password, 12);',
      '  const user = await User.create({ email: req.body.email, passwordHash });',
      '  res.status(201).json({ id: user.id });',
      '});',
      '// login: await bcrypt.compare(req.body.password, user.passwordHash)',
      '```',
      '',
      'Argon2id (`argon2.hash(password)`) and scrypt are good choices too. A hook on the model that hashes before every save (`@BeforeInsert`, `schema.pre(\'save\')`, `beforeCreate`) also counts and silences this rule for that model. Passwords never belong in cookies, `localStorage` or caches: keep a session token there instead.',
      '',
      'References: [OWASP Password Storage Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html), [CWE-256](https://cwe.mitre.org/data/definitions/256.html), [CWE-312](https://cwe.mitre.org/data/definitions/312.html).',
    ].join('\n'),
    cwe: ['CWE-256', 'CWE-312'],
    severity: 'error',
    securitySeverity: 7.5,
    precision: 'high',
    tags: ['security', 'passwords', 'cryptography', 'storage'],
  },
  messages: {
    stored: '`{{source}}`{{more}} is saved by `{{sink}}` without hashing.',
    clientSide: '`{{source}}`{{more}} is kept in {{place}} by `{{sink}}`.',
    parameter: 'Parameter `{{param}}` of exported `{{wrapper}}` is saved by `{{sink}}` without hashing.',
    parameterClientSide: 'Parameter `{{param}}` of exported `{{wrapper}}` is kept in {{place}} by `{{sink}}`.',
    hashFirst: 'Store a slow salted hash instead of the password: `{{example}}`.',
    keepOffClient: 'Keep the password off the client; store a session token instead: `{{example}}`.',
  },
  create(context) {
    // tests create users with known passwords on purpose: fixtures, not production storage
    if (isTestPath(context.file)) return {};
    const project = context.project;
    const check = (sink: StorageSink) => {
      // one finding per sink: the first password that reaches it, and how many others do
      const found = new Map<string, TaintOrigin>();
      for (const value of sink.values) {
        for (const origin of originsOf(value, context)) {
          if (isDeferredOrigin(origin)) {
            const fact = makePasswordFact(context, origin, sink.label, sink.reportNode, { kind: sink.kind, example: sink.fix });
            if (fact) context.emit(fact);
            continue;
          }
          const source = describeOrigin(origin);
          if (!found.has(source)) found.set(source, origin);
        }
      }
      const [first, ...others] = [...found];
      if (!first) return;
      const [source, origin] = first;
      const { messageId, fix } = messageFor(sink.kind);
      context.report({
        node: sink.reportNode,
        messageId,
        data: { source, more: others.length ? ` (and ${others.length} more)` : '', sink: sink.label, place: CLIENT_PLACES[sink.kind] ?? '', example: sink.fix },
        fix,
        steps: [...toFlowSteps(context, origin.steps), { location: context.locationOf(sink.reportNode), label: `saved by \`${sink.label}\`` }],
      });
    };
    return {
      [SyntaxKind.CallExpression](call: ts.CallExpression) {
        const callee = call.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
        if (!name || !isStorageMethodName(name)) return;
        for (const sink of getStorageSinks(call, project)) check(sink);
      },
      [SyntaxKind.TaggedTemplateExpression](node: ts.TaggedTemplateExpression) {
        const sink = getTaggedSqlSink(node, project);
        if (sink) check(sink);
      },
      [SyntaxKind.BinaryExpression](node: ts.BinaryExpression) {
        const sink = getDocumentCookieSink(node);
        if (sink) check(sink);
      },
    };
  },
  finish(context) {
    const reported = new Set<string>();
    propagatePasswordFacts(context, context.facts as PasswordFact[], {
      onSource({ origin, call, fact, steps }) {
        if (isServiceCredential(origin)) return;
        // a function that stores the hash it is given (`createUser({ passwordHash })`) is right; the caller that hands
        // it the password as the hash is the place to fix
        const field = fact.path[fact.path.length - 1];
        const location = field !== undefined && isDerivedSensitiveName(field) ? context.locationOf(callNameNode(call)) : fact.sinkLocation;
        // one finding per sink, as in the per-file phase: the first caller's password
        const source = describeOrigin(origin);
        const key = `${location.file}:${location.startLine}:${location.startColumn}`;
        if (reported.has(key)) return;
        reported.add(key);
        const { messageId, fix } = messageFor(fact.data?.kind ?? '');
        context.report({
          file: location.file,
          location,
          messageId,
          data: { source, more: '', sink: fact.sink, place: CLIENT_PLACES[(fact.data?.kind ?? '') as StorageKind] ?? '', example: fact.data?.example ?? '' },
          fix,
          steps,
        });
      },
      onUncalled(fn, fact) {
        const param = fact.path.length ? `${fact.paramName}.${fact.path.join('.')}` : fact.paramName;
        const name = fact.path[fact.path.length - 1] ?? fact.paramName;
        if (!isPasswordName(name) || isThirdPartyName(name)) return;
        const place = CLIENT_PLACES[(fact.data?.kind ?? '') as StorageKind];
        context.report({
          file: fact.sinkLocation.file,
          location: fact.sinkLocation,
          messageId: place ? 'parameterClientSide' : 'parameter',
          data: { param, wrapper: describeFunction(fn), sink: fact.sink, place: place ?? '', example: fact.data?.example ?? '' },
          fix: place ? 'keepOffClient' : 'hashFirst',
          precision: 'medium',
          steps: fact.steps,
        });
      },
    });
  },
});
