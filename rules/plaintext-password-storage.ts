/**
 * Plaintext password storage: a password reaches a database write, a file, browser storage, a cookie or a cache
 * without a password-hashing function on the way.
 */
import { ts } from 'ts-morph';
import { defineRule } from '../src/rule.js';
import type { ProjectContext, RuleContext } from '../src/types.js';
import { argumentsFor, traceTaint, type TaintOrigin } from '../src/analysis/taint.js';
import { findFunctionAt, toFlowSteps } from '../src/analysis/summaries.js';
import { getCallIndex } from '../src/analysis/callIndex.js';
import { resolveIdentifier } from '../src/analysis/scope.js';
import { describeFunction, getObjectProperty, skipOuter } from '../src/analysis/values.js';
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
      // a function that stores the hash it is given (`createUser({ passwordHash })`), or that other callers hand hashes
      // (`users.setPassword(id, await bcrypt.hash(p, 12))`), is right: the call handing it the password is the place to fix
      storesGivenValues(fact) {
        const field = fact.path[fact.path.length - 1];
        return (field !== undefined && isDerivedSensitiveName(field)) || someCallerPassesHash(context, fact);
      },
      onSource({ origin, fact, steps }) {
        if (isServiceCredential(origin)) return;
        const location = fact.reportAt ?? fact.sinkLocation;
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
        const location = fact.reportAt ?? fact.sinkLocation;
        context.report({
          file: location.file,
          location,
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

/** Per scan (project index): whether a function's callers pass hashes, by function, parameter and field. */
const passesHash = new WeakMap<object, Map<string, boolean>>();

/** True when a caller of the fact's function passes a hash where the password goes: the function stores what it is given. */
function someCallerPassesHash(context: ProjectContext, fact: PasswordFact): boolean {
  const key = `${fact.file}:${fact.fnPos}:${fact.index}:${fact.path.join('.')}`;
  let memo = passesHash.get(context.project);
  if (!memo) passesHash.set(context.project, (memo = new Map()));
  let hit = memo.get(key);
  if (hit === undefined) {
    const fn = findFunctionAt(context, fact.file, fact.fnPos);
    const calls = fn ? getCallIndex(context.project, context.files).callersOf(fn, { byName: true }) : [];
    hit = calls.some((call) => argumentsFor(call, fn!, fact.index).some((arg) => isHashedValue(fact.path.length ? fieldOf(arg, fact.path[0]) : arg)));
    memo.set(key, hit);
  }
  return hit;
}

function fieldOf(arg: ts.Expression, key: string): ts.Node | undefined {
  const e = skipOuter(arg);
  return ts.isObjectLiteralExpression(e) ? getObjectProperty(e, key) : undefined;
}

/** `await bcrypt.hash(p, 12)`, `hashPassword(p)`, `passwordHash`, or a variable holding one. */
function isHashedValue(value: ts.Node | undefined, depth = 0): boolean {
  if (!value || depth > 3) return false;
  if (ts.isShorthandPropertyAssignment(value)) return isHashedValue(value.name, depth);
  if (!ts.isExpression(value as ts.Expression)) return false;
  const e = skipOuter(value as ts.Expression);
  if (ts.isCallExpression(e)) return /hash|bcrypt|argon|scrypt|pbkdf2/i.test(e.expression.getText());
  if (!ts.isIdentifier(e)) return false;
  if (isDerivedSensitiveName(e.text) && /hash|crypt|digest/i.test(e.text)) return true;
  const decl = resolveIdentifier(e)?.declaration;
  return !!decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && isHashedValue(decl.initializer, depth + 1);
}
