/** The words a secret finding is reported with: its kind, a redacted preview, where it sits, and how to fix it. */
import type { PairedSecretFormat } from '../../models/secret-formats.js';
import type { MessageData, Severity } from '../../types.js';
import { toEnvVarName } from '../names.js';
import { redact } from '../redact.js';
import { stripAuthScheme, type SecretEvidence } from './generic.js';
import type { ProviderMatch } from './providers.js';

/** What was found. */
export type SecretKind =
  | { type: 'provider'; match: ProviderMatch }
  | { type: 'paired'; format: PairedSecretFormat; value: string }
  | { type: 'generic'; evidence: SecretEvidence; value: string; envVar?: string }
  | { type: 'legacy-npm'; value: string };

/** Where it sits: a name (`password`), a described place (`the secret of \`jwt.sign\``, `a comment`), and the fix's environment variable. */
export interface SecretPlace {
  name?: string;
  description?: string;
  /** The config file it is committed in, for the fix. */
  file?: string;
  /** True in a `.env` file, whose own key is the variable to set. */
  envFile?: boolean;
}

export interface SecretReport {
  messageId: 'hardcoded' | 'publishable';
  fix: 'loadFromEnv' | 'keepEnvFileOut' | 'moveOutOfConfig' | 'configurePublic';
  severity: Severity;
  precision: 'very-high' | 'high' | 'medium';
  data: MessageData;
}

/** The report for a secret of this kind at this place. The preview never shows more than 4 characters. */
export function describeSecret(kind: SecretKind, place: SecretPlace): SecretReport {
  const { label, preview, action, envVar, severity, precision } = describeKind(kind);
  // a provider's own variable (`GITHUB_TOKEN`) beats the local name, except in a .env file, whose key is the variable
  const fromName = place.name && (kind.type === 'generic' || place.envFile) ? toEnvVarName(place.name) : undefined;
  const variable = fromName && fromName.length <= 40 && /^[A-Z][A-Z0-9_]*$/.test(fromName) ? fromName : envVar;
  const where = place.name ? `\`${place.name}\`` : (place.description ?? (place.file ? `\`${place.file}\`` : 'a string literal'));
  const fix = severity === 'note' ? 'configurePublic' : place.envFile ? 'keepEnvFileOut' : place.file ? 'moveOutOfConfig' : 'loadFromEnv';
  return {
    messageId: severity === 'note' ? 'publishable' : 'hardcoded',
    fix,
    severity,
    precision,
    data: { kind: label, preview, place: where, action, env: place.envFile || place.file ? variable : `process.env.${variable}`, file: place.file ?? '' },
  };
}

interface KindWords {
  label: string;
  preview: string;
  action: string;
  envVar: string;
  severity: Severity;
  precision: 'very-high' | 'high' | 'medium';
}

function describeKind(kind: SecretKind): KindWords {
  switch (kind.type) {
    case 'provider': {
      const { match } = kind;
      const f = match.format;
      const action =
        f.verify === 'private-key'
          ? 'Replace the key pair wherever its public key is trusted'
          : f.verify === 'credential-url'
            ? 'Change the password at the server'
            : `Revoke it at ${f.provider} and issue a new one`;
      const severity: Severity = f.role === 'public' ? 'note' : match.unverified ? 'warning' : 'error';
      // a failing checksum: maybe made up, maybe one character off a live token
      if (match.unverified) return { label: `${match.label} (its checksum does not match)`, preview: redact(match.secret), action, envVar: f.envVar, severity, precision: 'medium' };
      return { label: match.label, preview: redact(match.secret), action, envVar: f.envVar, severity, precision: 'very-high' };
    }
    case 'paired':
      return { label: kind.format.label, preview: redact(kind.value), action: `Revoke it at ${kind.format.provider} and issue a new one`, envVar: kind.format.envVar, severity: 'error', precision: 'high' };
    case 'legacy-npm':
      return { label: 'npm access token', preview: redact(kind.value), action: 'Revoke it at npm (Access Tokens) and issue a new one', envVar: 'NPM_TOKEN', severity: 'error', precision: 'high' };
    case 'generic':
      return {
        label: kind.evidence === 'password' ? 'Password' : 'Secret',
        preview: redact(stripAuthScheme(kind.value)),
        action: 'Change it wherever it is accepted',
        envVar: kind.envVar ?? (kind.evidence === 'password' ? 'PASSWORD' : 'SECRET'),
        severity: 'warning',
        precision: kind.evidence === 'argument' ? 'high' : 'medium',
      };
  }
}
