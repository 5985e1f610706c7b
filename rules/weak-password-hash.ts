/**
 * Weak password hashing: a password goes through a fast digest (MD5, SHA-*, an HMAC) or is encrypted, or a slow
 * password hash (bcrypt, PBKDF2, scrypt, argon2) runs at a cost below its minimum.
 */
import { ts } from 'ts-morph';
import { defineRule } from '../src/rule.js';
import type { FlowStep, Location, ProjectContext } from '../src/types.js';
import { argumentsFor, traceTaint, type TaintOrigin } from '../src/analysis/taint.js';
import { findFunctionAt, toFlowSteps } from '../src/analysis/summaries.js';
import { getCallIndex } from '../src/analysis/callIndex.js';
import { resolveIdentifier } from '../src/analysis/scope.js';
import { getStaticString } from '../src/analysis/constant.js';
import { describeFunction, getReturnedExpressions, skipOuter, type FunctionNode } from '../src/analysis/values.js';
import { isPasswordName } from '../src/analysis/sensitive.js';
import { getHashCall, type HashCall } from '../src/analysis/hashCalls.js';
import { getWeakCost } from '../src/analysis/hashCost.js';
import { passwordTaint, isPasswordOrigin, isDeferredOrigin, describeOrigin, isThirdPartyCredential, isThirdPartyName } from '../src/analysis/passwords.js';
import { makePasswordFact, propagatePasswordFacts, type PasswordFact } from '../src/analysis/passwordFacts.js';
import { isTestPath } from '../src/analysis/secrets/test-paths.js';
import { hashModels } from '../src/models/password-hashing.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

const SLOW_HASH = 'await bcrypt.hash(password, 12)';
/** Every package a hash model names, to skip files that import none (`crypto.subtle` needs no import). */
const HASH_PACKAGES = [...new Set(hashModels.flatMap((m) => m.packages))];
/** Credentials the program must send to another system (SMTP, a database): encrypting them is right, hashing would break them. */
/** Which message a hash call's weakness takes. */
function messageIdOf(call: HashCall): 'fastDigest' | 'keyedDigest' | 'encrypted' {
  return call.fn.kind === 'cipher' ? 'encrypted' : call.fn.kind === 'keyed' ? 'keyedDigest' : 'fastDigest';
}

/** True when the file may call a modelled hash API: it names a hash package, or WebCrypto's `subtle`. */
function mayHash(text: string): boolean {
  return MAY_HASH.test(text);
}

/** One pass over the text instead of one per package. */
const MAY_HASH = new RegExp(['subtle', ...HASH_PACKAGES].map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));

/** A Have I Been Pwned range query: SHA-1 of the password, of which 5 hex characters go to the API (a check, not storage). */
const BREACH_CHECK = /pwnedpasswords|haveibeenpwned|\bhibp\b/i;

/**
 * True when the digest only feeds a constant-time comparison (`timingSafeEqual(sha256(a), sha256(b))` to compare equal
 * lengths): the digest is never stored.
 */
function isComparedInConstantTime(h: HashCall, call: ts.CallExpression): boolean {
  if (h.fn.kind === 'cipher') return false;
  // the whole chain: createHash('sha256').update(pw).digest()
  let e: ts.Node = call;
  while (ts.isPropertyAccessExpression(e.parent) && ts.isCallExpression(e.parent.parent) && e.parent.parent.expression === e.parent) e = e.parent.parent;
  const isCompare = (n: ts.Node) => ts.isCallExpression(n) && /timingSafeEqual|safeCompare|constantTimeEqual/i.test(n.expression.getText());
  if (isCompare(e.parent)) return true;
  const decl = e.parent;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
  const name = decl.name.text;
  const scope = decl.parent?.parent?.parent;
  if (!scope) return false;
  let used = false;
  let onlyCompared = true;
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name) {
      used = true;
      if (!isCompare(n.parent)) onlyCompared = false;
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return used && onlyCompared;
}

export default defineRule({
  id: 'weak-password-hash',
  meta: {
    name: 'Weak password hash',
    description: 'A password hashed with a fast digest, encrypted, or hashed at a low cost lets an attacker with the hashes recover it quickly.',
    fullDescription:
      'Passwords need a slow, salted password-hashing function so that a stolen hash takes years, not seconds, to crack. MD5, SHA-1, SHA-256, SHA-512 and HMACs run billions of times a second on a GPU, salted or not; encryption can be reversed by anyone holding the key; and bcrypt below cost 10, PBKDF2 below 100,000 iterations, scrypt below N = 2^14 or argon2 below OWASP\'s memory and time minimums are too cheap. Use argon2id, scrypt, bcrypt or PBKDF2 at current cost settings.',
    help: [
      '## Weak password hash',
      '',
      'A password must be hashed with a function designed to be slow and salted. General-purpose digests (MD5, SHA-1, SHA-256, SHA-512, HMAC) are fast by design, so an attacker with a dump of the hashes tries billions of guesses a second; a salt only stops precomputed tables. Encryption is reversible: whoever gets the key gets every password.',
      '',
      '### Vulnerable',
      '```ts',
      "import crypto from 'node:crypto';",
      '',
      'function hashPassword(password: string) {',
      "  return crypto.createHash('sha256').update(password).digest('hex');",
      '}',
      "const stored = await bcrypt.hash(password, 8); // cost too low",
      "const key = crypto.pbkdf2Sync(password, salt, 10_000, 32, 'sha256'); // too few iterations",
      '```',
      '',
      '### Fixed',
      '```ts',
      "import argon2 from 'argon2';",
      '',
      'const stored = await argon2.hash(password, { type: argon2.argon2id }); // 64 MiB, 3 passes by default',
      '// or: await bcrypt.hash(password, 12)',
      "// or: crypto.pbkdf2Sync(password, salt, 600_000, 32, 'sha256')",
      '// or: crypto.scryptSync(password, salt, 64, { N: 2 ** 17, maxmem: 256 * 1024 * 1024 })',
      '```',
      '',
      '### Cost settings',
      '- bcrypt: cost (rounds) of at least 10; 12 or more where the server allows.',
      '- PBKDF2: this rule reports fewer than 100,000 iterations. OWASP\'s Password Storage Cheat Sheet asked for 310,000 iterations of PBKDF2-HMAC-SHA256 until 2022; its current (2023) figures are 600,000 for PBKDF2-HMAC-SHA256, 210,000 for PBKDF2-HMAC-SHA512 and 1,300,000 for PBKDF2-HMAC-SHA1.',
      '- scrypt: N (cost) of at least 2^14 = 16,384, Node\'s default; OWASP recommends N = 2^17 with r = 8, p = 1.',
      '- argon2id: at least 19 MiB of memory with 2 passes (or 46 MiB with 1, 12 MiB with 3, 9 MiB with 4, 7 MiB with 5).',
      '',
      'Hashing values that are not passwords (file checksums, cache keys, ETags, lookup hashes of random API tokens) with a fast digest is fine and not reported. Credentials the program must itself present to another system (an SMTP or database password) have to be encrypted rather than hashed; those are not reported either.',
      '',
      'References: [OWASP Password Storage Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html), [CWE-916](https://cwe.mitre.org/data/definitions/916.html), [CWE-328](https://cwe.mitre.org/data/definitions/328.html).',
    ].join('\n'),
    cwe: ['CWE-916', 'CWE-328'],
    severity: 'error',
    securitySeverity: 7.5,
    precision: 'high',
    tags: ['security', 'passwords', 'cryptography'],
  },
  messages: {
    fastDigest: '`{{source}}`{{more}} is hashed with {{algorithm}} by `{{sink}}`, a fast digest unfit for passwords.',
    keyedDigest: '`{{source}}`{{more}} is hashed with {{algorithm}} by `{{sink}}`, a fast keyed digest unfit for passwords.',
    encrypted: '`{{source}}`{{more}} is encrypted with {{algorithm}} by `{{sink}}`; passwords must be hashed, not encrypted.',
    lowCost: '`{{source}}`{{more}} is hashed with {{algorithm}} by `{{sink}}` at {{setting}}, below the minimum of {{minimum}}.',
    lowCostSalt: '`{{sink}}` makes {{algorithm}} salts at {{setting}}, below the minimum of {{minimum}}.',
    parameter: 'Parameter `{{param}}` of exported `{{wrapper}}` is hashed with {{algorithm}} by `{{sink}}`, a fast digest unfit for passwords.',
    passwordParameter: 'Parameter `{{param}}` of `{{wrapper}}` is hashed with {{algorithm}} by `{{sink}}`, a fast digest unfit for passwords.',
    parameterEncrypted: 'Parameter `{{param}}` of exported `{{wrapper}}` is encrypted with {{algorithm}} by `{{sink}}`; passwords must be hashed, not encrypted.',
    useSlowHash: 'Hash passwords with a slow, salted function instead: `{{example}}` (or argon2id, scrypt).',
    raiseCost: 'Raise the cost to at least {{minimum}}, or use argon2id with its defaults.',
  },
  create(context) {
    if (!mayHash(context.text)) return {};
    const project = context.project;
    const reportNodeOf = (call: ts.CallExpression) => (ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call);

    const breachCheck = BREACH_CHECK.test(context.text);
    const checkDigest = (h: HashCall, call: ts.CallExpression) => {
      if (!h.input || (breachCheck && h.algorithm === 'SHA-1') || isComparedInConstantTime(h, call)) return;
      const node = reportNodeOf(call);
      // one finding per hash call: the first password that reaches it, and a count of the others
      const sources: string[] = [];
      let first: TaintOrigin | undefined;
      for (const origin of traceTaint(h.input, passwordTaint, project)) {
        if (!isPasswordOrigin(origin) || (h.fn.kind === 'cipher' && isThirdPartyCredential(origin))) continue;
        if (isDeferredOrigin(origin)) {
          const fact = makePasswordFact(context, origin, h.label, node, { messageId: messageIdOf(h), algorithm: h.algorithm });
          if (fact) context.emit(fact);
          continue;
        }
        const source = describeOrigin(origin);
        if (sources.includes(source)) continue;
        sources.push(source);
        first ??= origin;
      }
      if (!first) return;
      const more = sources.length > 1 ? ` (and ${sources.length - 1} more password${sources.length > 2 ? 's' : ''})` : '';
      context.report({
        node,
        messageId: messageIdOf(h),
        data: { source: sources[0], more, sink: h.label, algorithm: h.algorithm, example: SLOW_HASH },
        fix: 'useSlowHash',
        steps: [...toFlowSteps(context, first.steps), { location: context.locationOf(node), label: `hashed with ${h.algorithm}` }],
      });
    };

    // tests lower the cost on purpose, to run fast
    const inTest = isTestPath(context.file);
    const checkCost = (h: HashCall, call: ts.CallExpression) => {
      if (inTest) return;
      const weak = getWeakCost(h.fn, call);
      if (!weak) return;
      const node = reportNodeOf(call);
      const data = { sink: h.label, algorithm: h.algorithm, setting: weak.setting, minimum: weak.minimum };
      if (h.fn.kind === 'salt' || !h.input) {
        context.report({ node, messageId: 'lowCostSalt', data, fix: 'raiseCost' });
        return;
      }
      const origin = traceTaint(h.input, passwordTaint, project).find((o) => o.kind === 'source' && !isDeferredOrigin(o) && isPasswordOrigin(o));
      const source = origin ? describeOrigin(origin) : h.input.getText().replace(/\s+/g, ' ').slice(0, 60);
      const steps = origin ? [...toFlowSteps(context, origin.steps), { location: context.locationOf(node), label: `hashed with ${h.algorithm} at ${weak.setting}` }] : undefined;
      context.report({ node, messageId: 'lowCost', data: { ...data, source, more: '' }, fix: 'raiseCost', steps });
    };

    return {
      [SyntaxKind.CallExpression](call: ts.CallExpression) {
        const h = getHashCall(call, project);
        if (!h) return;
        if (h.fn.kind === 'slow' || h.fn.kind === 'salt') checkCost(h, call);
        else checkDigest(h, call);
      },
    };
  },
  finish(context) {
    const reportedSinks = new Set<string>();
    const sinkKey = (l: { file: string; startLine: number; startColumn: number }) => `${l.file}:${l.startLine}:${l.startColumn}`;
    // one finding per hash call, naming the first password that reaches it and counting the others
    const bySink = new Map<string, { fact: PasswordFact; messageId: string; sources: string[]; steps: FlowStep[] }>();
    propagatePasswordFacts(context, context.facts as PasswordFact[], {
      onSource({ origin, fact, steps }) {
        const messageId = fact.data?.messageId ?? 'fastDigest';
        if (messageId === 'encrypted' && isThirdPartyCredential(origin)) return;
        const source = describeOrigin(origin);
        const key = `${sinkKey(fact.sinkLocation)}:${messageId}`;
        const group = bySink.get(key);
        if (!group) bySink.set(key, { fact, messageId, sources: [source], steps });
        else if (!group.sources.includes(source)) group.sources.push(source);
        reportedSinks.add(sinkKey(fact.sinkLocation));
      },
      onUncalled(fn, fact) {
        const name = fact.path[fact.path.length - 1] ?? fact.paramName;
        if (!isPasswordName(name) || (fact.data?.messageId === 'encrypted' && isThirdPartyName(name))) return;
        const param = fact.path.length ? `${fact.paramName}.${fact.path.join('.')}` : fact.paramName;
        reportedSinks.add(sinkKey(fact.sinkLocation));
        context.report({
          file: fact.sinkLocation.file,
          location: fact.sinkLocation,
          messageId: fact.data?.messageId === 'encrypted' ? 'parameterEncrypted' : 'parameter',
          data: { param, wrapper: describeFunction(fn), sink: fact.sink, algorithm: fact.data?.algorithm ?? '', example: SLOW_HASH },
          fix: 'useSlowHash',
          precision: 'medium',
          steps: fact.steps,
        });
      },
    });
    for (const { fact, messageId, sources, steps } of bySink.values()) {
      const more = sources.length > 1 ? ` (and ${sources.length - 1} more password${sources.length > 2 ? 's' : ''})` : '';
      context.report({
        file: fact.sinkLocation.file,
        location: fact.sinkLocation,
        messageId,
        data: { source: sources[0], more, sink: fact.sink, algorithm: fact.data?.algorithm ?? '', example: SLOW_HASH },
        fix: 'useSlowHash',
        steps,
      });
    }
    // a function that returns the digest of its own `password` parameter is a password hashing scheme, when what its
    // callers pass is named a password too (a seed script's `process.env.ADMIN_PASSWORD`, which is no request input)
    for (const fact of context.facts as PasswordFact[]) {
      const name = fact.path[fact.path.length - 1] ?? fact.paramName;
      if (fact.depth || fact.data?.messageId === 'encrypted' || !isPasswordName(name) || isThirdPartyName(name) || reportedSinks.has(sinkKey(fact.sinkLocation))) continue;
      const fn = findFunctionAt(context, fact.file, fact.fnPos);
      if (!fn || !(isModelHook(fn) || (returnsDigest(fn, fact.sinkLocation) && callersPassPasswords(context, fn, fact)))) continue;
      reportedSinks.add(sinkKey(fact.sinkLocation));
      context.report({
        file: fact.sinkLocation.file,
        location: fact.sinkLocation,
        messageId: 'passwordParameter',
        data: { param: fact.path.length ? `${fact.paramName}.${fact.path.join('.')}` : fact.paramName, wrapper: describeFunction(fn), sink: fact.sink, algorithm: fact.data?.algorithm ?? '', example: SLOW_HASH },
        fix: 'useSlowHash',
        steps: fact.steps,
      });
    }
  },
});

/** Sequelize's record hooks (`hooks: { beforeCreate: (user) => … }`, `User.beforeCreate(fn)`, `addHook('beforeSave', fn)`): the ORM passes the record being written. */
const RECORD_HOOK = /^before(?:Create|Save|Update|Validate|BulkCreate|Upsert)$/;

function isModelHook(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name) && RECORD_HOOK.test(parent.name.text)) {
    const holder = parent.parent.parent;
    return ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && holder.name.text === 'hooks';
  }
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name) && RECORD_HOOK.test(fn.name.text)) {
    const holder = fn.parent.parent;
    return ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && holder.name.text === 'hooks';
  }
  if (!ts.isCallExpression(parent) || !ts.isPropertyAccessExpression(parent.expression)) return false;
  const method = parent.expression.name.text;
  const hookName = method === 'addHook' && parent.arguments[0] && ts.isStringLiteralLike(parent.arguments[0]) ? parent.arguments[0].text : method;
  return RECORD_HOOK.test(hookName) && parent.arguments[parent.arguments.length - 1] === fn;
}

/** True when the digest at `sink` is what the function returns (directly, or through a local variable it returns). */
function returnsDigest(fn: FunctionNode, sink: Location): boolean {
  const sf = fn.getSourceFile();
  const pos = sf.getPositionOfLineAndCharacter(sink.startLine - 1, sink.startColumn - 1);
  const holds = (n: ts.Node) => n.getStart(sf) <= pos && pos < n.end;
  return getReturnedExpressions(fn).some((r) => {
    if (holds(r)) return true;
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(n)) {
        const decl = resolveIdentifier(n)?.declaration;
        if (decl && ts.isVariableDeclaration(decl) && decl.initializer && holds(decl.initializer)) found = true;
      }
      ts.forEachChild(n, visit);
    };
    visit(r);
    return found;
  });
}

/** True when the function has callers in the project and each passes a value named a password (`process.env.ADMIN_PASSWORD`, `pwd`). */
function callersPassPasswords(context: ProjectContext, fn: FunctionNode, fact: PasswordFact): boolean {
  const calls = fact.path.length ? [] : getCallIndex(context.project, context.files).callersOf(fn);
  if (!calls.length) return false;
  return calls.every((call) =>
    argumentsFor(call, fn, fact.index).every((arg) => {
      const e = skipOuter(arg);
      const named = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : ts.isElementAccessExpression(e) ? getStaticString(e.argumentExpression) : undefined;
      return named !== undefined && isPasswordName(named);
    }),
  );
}
