/** Hard-coded credentials: provider tokens, private keys, passwords in URLs, and secret-looking strings stored under secret names. */
import { ts } from 'ts-morph';
import { defineRule } from '../src/rule.js';
import { splitNameWords } from '../src/analysis/names.js';
import { describeSecret, type SecretKind, type SecretPlace } from '../src/analysis/secrets/describe.js';
import { looksLikeComparedSecret, looksLikeEnvSecret, looksLikeKey, looksLikeSecret } from '../src/analysis/secrets/generic.js';
import { matchPairedShape, mentionsProvider, scanProviderSecrets, type ProviderMatch } from '../src/analysis/secrets/providers.js';
import { classifySecretName, isTestName } from '../src/analysis/secrets/secret-name.js';
import { describeTextPlace, getStringTarget, mayPassKeys, type StringTarget } from '../src/analysis/secrets/target.js';
import { isCommentedAsFake, isTestPath } from '../src/analysis/secrets/test-paths.js';
import { getLineStarts, lineOf, toLocation, toSourceLocation } from '../src/analysis/secrets/positions.js';
import { getConfigFileKind, isTranslationCatalog, readNamedValues } from '../src/analysis/secrets/text-files.js';
import { PAIR_DISTANCE, type PairedSecretFormat } from '../src/models/secret-formats.js';
import type { Location, ReportDescriptor } from '../src/types.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default defineRule({
  id: 'hardcoded-secret',
  meta: {
    name: 'Hard-coded secret',
    description: 'A credential written into source or config lets anyone with read access to the repository use it.',
    fullDescription:
      'Finds provider tokens by their real structure (AWS, GitHub with its checksum, GitLab, Slack, Stripe, Google, SendGrid, Twilio, npm, PyPI, OpenAI, Anthropic, Azure, JWTs), private key blocks, URLs with a password, and secret-looking strings stored under secret names (password, apiKey, clientSecret…) in code, comments and committed config files (.env, JSON, YAML, .npmrc, .properties, PEM). A secret in git stays in its history: rotate it, then load it at run time.',
    help: [
      '## Hard-coded secret',
      '',
      'A secret committed to the repository is readable by everyone who can read the repository, its forks, its CI logs and its history. Removing the line does not remove it from git history: **revoke or rotate it first** at the provider, then load the new value at run time from the environment or a secret manager.',
      '',
      'Vulnerable:',
      '',
      '```ts',
      "const github = new Octokit({ auth: 'ghp_…' });",
      "app.use(session({ secret: 'my-session-secret-2024' }));",
      '```',
      '',
      'Fixed:',
      '',
      '```ts',
      'const github = new Octokit({ auth: process.env.GITHUB_TOKEN });',
      'app.use(session({ secret: process.env.SESSION_SECRET! }));',
      '```',
      '',
      'Keep `.env` out of git and commit a `.env.example` that lists the names without values. Messages never show more than the first 4 characters of a secret.',
      '',
      'Not reported: values read from `process.env` or a secret manager; placeholders (`changeme`, `<token>`, `${VAR}`, `xxxx`, `your-api-key`), except as a signing or encryption key (`jwt.sign(payload, \'secret\')`, `session({ secret })`, `createHmac`, cipher keys), where any constant of 4 characters or more is the key in use; names that say test, dummy, fake, mock, example or sample; generic values in test files (provider tokens there still count); hashes, UUIDs, data URIs, URLs without a password; GitHub and npm tokens whose checksum fails and whose body does not look random (a random-looking one is a warning); unsigned (`alg: none`) and expired JWTs; public keys and certificates. Stripe publishable keys are notes.',
    ].join('\n'),
    cwe: ['CWE-798'],
    severity: 'error',
    securitySeverity: 7.5,
    precision: 'high',
    tags: ['security', 'secrets'],
  },
  messages: {
    hardcoded: '{{kind}} `{{preview}}` is hard-coded in {{place}}.',
    publishable: '{{kind}} `{{preview}}` is hard-coded in {{place}}; it is meant to be public, but live keys belong in configuration.',
    loadFromEnv: '{{action}}, then load it from the environment or a secret manager: `{{env}}`.',
    keepEnvFileOut: '{{action}}; keep `{{file}}` out of git (list the names without values in `.env.example`) and set `{{env}}` in the deployment environment or a secret manager.',
    moveOutOfConfig: '{{action}}, then inject it at deploy time from the environment or a secret manager (`{{env}}`) instead of committing it in `{{file}}`.',
    configurePublic: 'Load it from configuration (`{{env}}`) so that live and test keys are not mixed up.',
  },

  create(context) {
    const sf = context.sourceFile;
    const testFile = isTestPath(context.file);
    // a translation catalog (`locales/de/common.js`) holds UI text under its keys: only provider formats count there
    const catalog = isTranslationCatalog(context.file);
    /** Literals that had a provider-shaped match: the comment scan skips them. */
    const checked: Array<[number, number]> = [];
    /** 40-char base64 / 32-char hex strings, settled once the anchors of the whole file are known. */
    const pending: Array<{ node: ts.Node; value: string; format: PairedSecretFormat; target?: StringTarget }> = [];
    const lineAt = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;

    const send = (kind: SecretKind, place: SecretPlace, at: { node?: ts.Node; location?: Location }) => {
      const r = describeSecret(kind, place);
      context.report({ ...at, messageId: r.messageId, fix: r.fix, severity: r.severity, precision: r.precision, data: r.data });
    };
    const placeOf = (target: StringTarget | undefined): SecretPlace => ({ name: target?.argument ? undefined : target?.name, description: target?.argument?.label });

    const checkGeneric = (node: ts.Node, value: string, target: StringTarget | undefined) => {
      if (!target || testFile || catalog) return;
      // passed where an API takes the credential: directly, or through a constant of this file
      const argument = target.argument ?? target.usedAs;
      if (argument) {
        if (argument.key ? looksLikeKey(value, target.name) : looksLikeSecret(value, 'argument')) send({ type: 'generic', evidence: 'argument', value, envVar: argument.envVar }, placeOf(target), { node });
        return;
      }
      const evidence = target.name ? classifySecretName(target.name) : undefined;
      if (!evidence || isTestName(target.name!)) return;
      if (looksLikeSecret(value, evidence) || (target.compared && looksLikeComparedSecret(value))) send({ type: 'generic', evidence, value }, placeOf(target), { node });
    };

    const onString = (node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral) => {
      const value = node.text;
      if (value.length < 8) {
        // short values count only as a signing or encryption key: `jwt.sign(payload, 'secret')`
        if (value.length >= 4 && !testFile && mayPassKeys(sf)) {
          const target = getStringTarget(node);
          const argument = target?.argument ?? target?.usedAs;
          if (argument?.key && looksLikeKey(value, target?.name)) send({ type: 'generic', evidence: 'argument', value, envVar: argument.envVar }, placeOf(target), { node });
        }
        return;
      }
      const scan = scanProviderSecrets(value);
      if (scan.matches.length || scan.rejected) checked.push([node.getStart(sf), node.end]);
      // in tests, URLs with a password are parser fixtures (`https://user:pw@host`); tokens still count
      const found = scan.matches.find((m) => m.format.role !== 'anchor' && !(testFile && isTestFixtureFormat(m)));
      // a test's token with a comment saying it is made up (`// randomly generated and not real`)
      if (found && testFile && isCommentedAsFake(context.text, node.getStart(sf))) return;
      if (found) return send({ type: 'provider', match: found }, placeOf(getStringTarget(node)), { node });
      if (scan.rejected || scan.matches.length) return;
      const target = getStringTarget(node);
      if (isPublicSearchKey(node)) return;
      const paired = matchPairedShape(value);
      if (paired) pending.push({ node, value, format: paired, target });
      else checkGeneric(node, value, target);
    };

    return {
      [SyntaxKind.StringLiteral]: onString,
      [SyntaxKind.NoSubstitutionTemplateLiteral]: onString,
      // comments, template heads, JSX text: provider formats only, in one pass over the file
      fileEnd() {
        const text = context.text;
        const anchors: Array<{ id: string; line: number }> = [];
        for (const m of scanProviderSecrets(text).matches) {
          anchors.push({ id: m.format.id, line: lineAt(m.start) });
          if (m.format.role === 'anchor' || (testFile && isTestFixtureFormat(m)) || checked.some(([s, e]) => m.start >= s && m.start < e)) continue;
          const description = describeTextPlace(sf, m.start);
          send({ type: 'provider', match: m }, { description }, { location: toSourceLocation(context.file, sf, m.start, m.end) });
        }
        for (const p of pending) {
          if (isPaired(p.format, p.target?.name, lineAt(p.node.getStart(sf)), anchors)) send({ type: 'paired', format: p.format, value: p.value }, placeOf(p.target), { node: p.node });
          else checkGeneric(p.node, p.value, p.target);
        }
      },
    };
  },

  matchesTextFile: (file) => getConfigFileKind(file) !== undefined,

  checkTextFile(context) {
    const kind = getConfigFileKind(context.file)!;
    const text = context.text;
    const lineStarts = getLineStarts(text);
    const at = (start: number, end: number) => ({ location: toLocation(context.file, lineStarts, start, end) });
    const send = (secret: SecretKind, name: string | undefined, where: { location: Location }) => {
      const r = describeSecret(secret, { name, file: context.file, envFile: kind === 'env' });
      const d: ReportDescriptor = { ...where, messageId: r.messageId, fix: r.fix, severity: r.severity, precision: r.precision, data: r.data };
      context.report(d);
    };
    const pairs = readNamedValues(kind, text);
    const nameAt = (m: ProviderMatch) => pairs.find((p) => p.start <= m.start && m.start < p.end)?.name;
    const scan = scanProviderSecrets(text);
    const anchors = scan.matches.map((m) => ({ id: m.format.id, line: lineOf(lineStarts, m.start) }));
    const testFile = isTestPath(context.file);
    // templates and test files show the shape of a connection URL or a token with made-up parts
    const fixtureFile = testFile || kind === 'env-template';
    for (const m of scan.matches) if (m.format.role !== 'anchor' && !(fixtureFile && isTestFixtureFormat(m))) send({ type: 'provider', match: m }, nameAt(m), at(m.start, m.end));
    if (kind === 'env-template' || kind === 'key' || testFile || isTranslationCatalog(context.file)) return;
    for (const p of pairs) {
      if (p.value.length < (kind === 'env' ? 6 : 8) || scan.matches.some((m) => m.start < p.end && p.start < m.end)) continue;
      const own = scanProviderSecrets(p.value);
      if (own.rejected || own.matches.length) continue;
      const evidence = classifySecretName(p.name);
      const paired = matchPairedShape(p.value);
      if (paired && isPaired(paired, p.name, lineOf(lineStarts, p.start), anchors)) send({ type: 'paired', format: paired, value: p.value }, p.name, at(p.start, p.end));
      else if (kind === 'npmrc' && evidence && UUID.test(p.value)) send({ type: 'legacy-npm', value: p.value }, p.name, at(p.start, p.end));
      else if (evidence && !isTestName(p.name) && (looksLikeSecret(p.value, evidence) || (kind === 'env' && looksLikeEnvSecret(p.value)))) send({ type: 'generic', evidence, value: p.value }, p.name, at(p.start, p.end));
    }
  },
});

/**
 * Algolia's search-only key in a DocSearch or InstantSearch config (`{ appId, apiKey, indexName }`): a key made to be
 * shipped to browsers (Algolia's documentation says so); admin keys are not written next to an index name for search.
 */
function isPublicSearchKey(node: ts.Node): boolean {
  const prop = node.parent;
  if (!ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.parent)) return false;
  const key = ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name) ? prop.name.text : '';
  if (!/^(?:apiKey|searchApiKey|searchKey|searchOnlyApiKey)$/.test(key)) return false;
  const siblings = prop.parent.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : ''));
  return siblings.includes('indexName') && (siblings.includes('appId') || siblings.includes('applicationId'));
}

/** Formats that test code is full of as fixtures: URLs with a password (parser tests), signed JWTs (auth tests), TLS test keys. */
function isTestFixtureFormat(m: ProviderMatch): boolean {
  // and the keys of self-signed certificates that tests start TLS servers with
  return m.format.verify === 'credential-url' || m.format.verify === 'jwt' || m.format.verify === 'private-key';
}

/** A paired secret is its provider's when an anchor is a few lines away, or when its name says provider + secret (`AWS_SECRET_ACCESS_KEY`). */
function isPaired(format: PairedSecretFormat, name: string | undefined, line: number, anchors: Array<{ id: string; line: number }>): boolean {
  if (anchors.some((a) => format.pairedWith.includes(a.id) && Math.abs(a.line - line) <= PAIR_DISTANCE)) return true;
  return name !== undefined && classifySecretName(name) !== undefined && mentionsProvider(splitNameWords(name), format);
}
